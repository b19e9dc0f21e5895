package io.bosun.updater;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * Which jars may install. With the device's public key ({@code BOSUN_BUNDLE_TRUST}: an Ed25519 key, base64 of its
 * X.509 encoding, as {@code openssl pkey -pubout -outform DER | base64 -w0} prints it) only jars signed by it
 * install; the signature is over the jar's bytes ({@code openssl pkeyutl -sign -rawin}). Without a key every
 * bundle installs, its digest still checked where one was given.
 */
final class Trust {
    static final Trust ANY = new Trust(Optional.empty());

    private final Optional<PublicKey> key;

    private Trust(Optional<PublicKey> key) {
        this.key = key;
    }

    /** @throws IllegalArgumentException naming the fault of a key that is no Ed25519 public key */
    static Trust of(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            return ANY;
        }
        try {
            byte[] der = Base64.getDecoder().decode(base64Key.trim());
            return new Trust(Optional.of(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der))));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (base64 of its X.509 encoding): " + e.getMessage());
        }
    }

    boolean required() {
        return key.isPresent();
    }

    void check(CandidateJar jar) throws BadBundleException {
        if (key.isEmpty()) {
            return;
        }
        byte[] signature = jar.signature().orElseThrow(() -> new BadBundleException(jar.name()
                + " is not signed, and this device installs only bundles signed by its trusted key"));
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.get());
            verifier.update(jar.bytes());
            if (!verifier.verify(signature)) {
                throw new BadBundleException(jar.name() + "'s signature does not match this device's trusted key");
            }
        } catch (GeneralSecurityException e) {
            throw new BadBundleException(jar.name() + "'s signature cannot be checked: " + e.getMessage());
        }
    }
}
