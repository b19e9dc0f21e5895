package io.bosun.updater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CandidateJarTest {
    private static BadBundleException refusal(String name, byte[] bytes) {
        return assertThrows(BadBundleException.class, () -> CandidateJar.read(name, bytes, Optional.empty()));
    }

    private static void assertSays(BadBundleException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "\"" + e.getMessage() + "\" does not say " + part);
        }
    }

    @Test
    void aBundleJarIsReadWithItsNameVersionAndDigest() throws BadBundleException {
        byte[] bytes = Jars.bundle("com.vendor.a", "1.2.3.build4");

        CandidateJar jar = CandidateJar.read("a.jar", bytes, Optional.empty());

        assertEquals("a.jar", jar.name());
        assertEquals("com.vendor.a", jar.symbolicName());
        assertEquals("1.2.3.build4", jar.version());
        assertEquals(Jars.sha256(bytes), jar.digest());
        assertArrayEquals(bytes, jar.bytes());
        assertTrue(jar.signature().isEmpty());
    }

    @Test
    void aSymbolicNameWithASpaceIsRefused() {
        assertSays(refusal("odd.jar", Jars.bundle("com.vendor bad", "1.0.0")), "odd.jar", "bad Bundle-SymbolicName");
    }

    @Test
    void theDigestIsTheSha256HexOfTheBytes() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                CandidateJar.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void randomBytesAreNotAJar() {
        byte[] noise = new byte[2048];
        new Random(7).nextBytes(noise);

        assertSays(refusal("noise.jar", noise), "noise.jar", "is not a jar");
    }

    @Test
    void textIsNotAJar() {
        assertSays(refusal("readme.jar", "just some text\n".getBytes(StandardCharsets.UTF_8)), "readme.jar",
                "is not a jar");
    }

    @Test
    void aJarWithoutManifestIsRefused() {
        assertSays(refusal("plain.jar", Jars.withoutManifest()), "plain.jar", "has no manifest");
    }

    @Test
    void aJarWithoutBundleSymbolicNameIsRefused() {
        byte[] bytes = Jars.jar(Jars.manifest("Bundle-Version", "1.0.0"));

        assertSays(refusal("lib.jar", bytes), "lib.jar", "has no Bundle-SymbolicName");
    }

    @Test
    void aBadBundleVersionIsRefused() {
        byte[] bytes = Jars.bundle("com.vendor.a", "one.two");

        assertSays(refusal("a.jar", bytes), "a.jar", "bad Bundle-Version", "one.two");
    }

    @Test
    void theSymbolicNameDropsItsDirectives() throws BadBundleException {
        byte[] bytes = Jars.bundle("com.vendor.a;singleton:=true", "1.0");

        CandidateJar jar = CandidateJar.read("a.jar", bytes, Optional.empty());

        assertEquals("com.vendor.a", jar.symbolicName());
        assertEquals("1.0.0", jar.version());
    }

    @Test
    void aBundleWithoutVersionHasTheEmptyVersion() throws BadBundleException {
        byte[] bytes = Jars.jar(Jars.manifest("Bundle-SymbolicName", "com.vendor.a"));

        assertEquals("0.0.0", CandidateJar.read("a.jar", bytes, Optional.empty()).version());
    }

    @Test
    void aCandidateBecomesASetEntryOfItsOrigin() {
        CandidateJar jar = Jars.candidate("com.vendor.a", "2.0.0");

        assertEquals(new SetEntry("com.vendor.a", "2.0.0", jar.digest(), "carrier:registry/c", 99L),
                jar.entry("carrier:registry/c", 99L));
    }
}
