package io.bosun.updater;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * A jar offered to the updater, read and checked as far as it can be without the framework: a jar, with a
 * manifest naming a bundle.
 *
 * @param name where it came from (the uploaded file's name, or its path in a carrier image), for messages
 * @param digest the SHA-256 of its bytes, hex
 * @param signature the Ed25519 signature of its bytes, when one came with it
 */
record CandidateJar(String name, byte[] bytes, String digest, String symbolicName, String version,
        Optional<byte[]> signature) {

    static CandidateJar read(String name, byte[] bytes, Optional<byte[]> signature) throws BadBundleException {
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes))) {
            manifest = in.getManifest();
            if (manifest == null && in.getNextJarEntry() == null) {
                throw new BadBundleException(name + " is not a jar");
            }
        } catch (IOException e) {
            throw new BadBundleException(name + " is not a jar (" + e.getMessage() + ")");
        }
        if (manifest == null) {
            throw new BadBundleException(name + " is not a bundle: it has no manifest");
        }
        String symbolicName = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (symbolicName == null || symbolicName.isBlank()) {
            throw new BadBundleException(name + " is not a bundle: its manifest has no Bundle-SymbolicName");
        }
        String name0 = symbolicName.split(";")[0].trim();
        if (!name0.matches("[A-Za-z0-9_.-]+")) {
            throw new BadBundleException(name + " has a bad Bundle-SymbolicName: " + name0);
        }
        String versionText = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
        Version version;
        try {
            version = versionText == null ? Version.emptyVersion : Version.parseVersion(versionText.trim());
        } catch (IllegalArgumentException e) {
            throw new BadBundleException(name + " has a bad Bundle-Version: " + versionText);
        }
        return new CandidateJar(name, bytes, sha256(bytes), name0, version.toString(),
                signature);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The bundle as an entry of a set. */
    SetEntry entry(String origin, long installedAt) {
        return new SetEntry(symbolicName, version, digest, origin, installedAt);
    }

    @Override
    public String toString() {
        return name + " (" + symbolicName + " " + version + ")";
    }
}
