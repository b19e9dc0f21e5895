package io.bosun.updater;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustTest {
    private static final byte[] JAR = Jars.bundle("com.vendor.a", "1.0.0");
    private static KeyPair trusted;
    private static KeyPair stranger;

    @BeforeAll
    static void keys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        trusted = generator.generateKeyPair();
        stranger = generator.generateKeyPair();
    }

    private static Trust trustingTheKey() {
        return Trust.of(Base64.getEncoder().encodeToString(trusted.getPublic().getEncoded()));
    }

    private static byte[] sign(PrivateKey key, byte[] bytes) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(bytes);
        return signer.sign();
    }

    private static CandidateJar jar(byte[] bytes, Optional<byte[]> signature) throws BadBundleException {
        return CandidateJar.read("a.jar", bytes, signature);
    }

    @Test
    void aJarSignedByTheTrustedKeyPasses() throws Exception {
        CandidateJar signed = jar(JAR, Optional.of(sign(trusted.getPrivate(), JAR)));

        assertDoesNotThrow(() -> trustingTheKey().check(signed));
    }

    @Test
    void anUnsignedJarIsRefusedWhenAKeyIsTrusted() throws Exception {
        CandidateJar unsigned = jar(JAR, Optional.empty());

        BadBundleException e = assertThrows(BadBundleException.class, () -> trustingTheKey().check(unsigned));

        assertTrue(e.getMessage().contains("a.jar is not signed"), e.getMessage());
    }

    @Test
    void aJarSignedByAnotherKeyIsRefused() throws Exception {
        CandidateJar signed = jar(JAR, Optional.of(sign(stranger.getPrivate(), JAR)));

        BadBundleException e = assertThrows(BadBundleException.class, () -> trustingTheKey().check(signed));

        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void aJarChangedAfterSigningIsRefused() throws Exception {
        byte[] other = Jars.bundle("com.vendor.a", "1.0.1");
        CandidateJar changed = jar(other, Optional.of(sign(trusted.getPrivate(), JAR)));

        BadBundleException e = assertThrows(BadBundleException.class, () -> trustingTheKey().check(changed));

        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void trustingAnyAcceptsUnsignedJars() throws Exception {
        CandidateJar unsigned = jar(JAR, Optional.empty());

        assertDoesNotThrow(() -> Trust.ANY.check(unsigned));
        assertFalse(Trust.ANY.required());
        assertTrue(trustingTheKey().required());
    }

    @Test
    void noKeyMeansAnyJar() {
        assertFalse(Trust.of(null).required());
        assertFalse(Trust.of("  ").required());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a key", "aGVsbG8gd29ybGQ="})
    void somethingThatIsNoEd25519PublicKeyIsRejected(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trust.of(key));

        assertTrue(e.getMessage().contains("not an Ed25519 public key"), e.getMessage());
    }

    @Test
    void aKeyOfAnotherAlgorithmIsRejected() throws GeneralSecurityException {
        String ec = Base64.getEncoder().encodeToString(KeyPairGenerator.getInstance("EC").generateKeyPair()
                .getPublic().getEncoded());

        assertThrows(IllegalArgumentException.class, () -> Trust.of(ec));
    }

    @Test
    void theKeyMayComeWithASurroundingNewline() {
        String key = Base64.getEncoder().encodeToString(trusted.getPublic().getEncoded()) + "\n";

        assertTrue(Trust.of(key).required());
    }
}
