package io.bosun.updater;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Jars built in memory for the tests, byte for byte the same on every call with the same arguments (every entry
 * has a fixed time), so that their digests are stable.
 */
final class Jars {
    private static final long FIXED_TIME = 1_700_000_000_000L;

    private Jars() {
    }

    /** A bundle jar with this symbolic name and version. */
    static byte[] bundle(String symbolicName, String version) {
        return jar(manifest("Bundle-SymbolicName", symbolicName, "Bundle-Version", version));
    }

    /** A manifest with Manifest-Version 1.0 and these headers, given as name, value, name, value... */
    static Manifest manifest(String... namesAndValues) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            main.putValue(namesAndValues[i], namesAndValues[i + 1]);
        }
        return manifest;
    }

    /** A jar with this manifest (as its first entry) and one class-like entry. */
    static byte[] jar(Manifest manifest) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            out.putNextEntry(entry("META-INF/MANIFEST.MF"));
            manifest.write(out);
            out.closeEntry();
            addPayload(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A well-formed jar (zip) that has entries but no manifest. */
    static byte[] withoutManifest() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            addPayload(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The bundle read as a candidate, unsigned. */
    static CandidateJar candidate(String symbolicName, String version) {
        try {
            return CandidateJar.read(symbolicName + ".jar", bundle(symbolicName, version), Optional.empty());
        } catch (BadBundleException e) {
            throw new AssertionError(e);
        }
    }

    /** The SHA-256 of the bytes, hex, computed here independently of the main code. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A made-up digest (64 hex digits) standing for a jar named by the seed. */
    static String digest(String seed) {
        return sha256(seed.getBytes(StandardCharsets.UTF_8));
    }

    /** A set entry of an upload whose jar is named by the seed of its digest. */
    static SetEntry entry(String symbolicName, String digestSeed) {
        return new SetEntry(symbolicName, "1.0.0", digest(digestSeed), SetEntry.UPLOAD, 1_000L);
    }

    private static JarEntry entry(String name) {
        JarEntry entry = new JarEntry(name);
        entry.setTime(FIXED_TIME);
        return entry;
    }

    private static void addPayload(JarOutputStream out) throws IOException {
        out.putNextEntry(entry("io/bosun/example/Payload.txt"));
        out.write("payload".getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
