package io.bosun.updater;

import io.bosun.support.files.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The bundles the launcher installed from the jar, named and fingerprinted at start, before the committed set is
 * applied. A new {@code bosun.jar} carries new builds of Bosun's own bundles: builds of them committed before it
 * are dropped then (a vendor's bundles stay), since they were built against the old jar's contracts.
 */
record ShippedSet(Set<String> names, String fingerprint) {

    static ShippedSet of(BundleContext context) {
        Set<String> lines = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && !b.getLocation().startsWith(SetInstaller.LOCATION)
                    && b.getSymbolicName() != null) {
                names.add(b.getSymbolicName());
                lines.add(b.getSymbolicName() + "@" + b.getVersion());
            }
        }
        return new ShippedSet(names, fingerprint(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Tells one jar's set from another's (their builds stamp the versions); no adversary to guard against, and run
     * at every start before the device API answers, where SHA-256 would load the security providers (about 40 ms).
     */
    private static String fingerprint(byte[] names) {
        CRC32 crc = new CRC32();
        crc.update(names);
        CRC32C crcC = new CRC32C();
        crcC.update(names);
        return String.format("%08x%08x", crc.getValue(), crcC.getValue());
    }

    /** The fingerprint kept from the last start; empty when none was. */
    static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    void write(Path file) throws IOException {
        DurableFiles.write(file, (fingerprint + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The set without its builds of shipped bundles. */
    BundleSet withoutOwnBuilds(BundleSet set) {
        return set.without(e -> names.contains(e.symbolicName()));
    }

    /** The builds of shipped bundles the set holds, for the message that says they were dropped. */
    String ownBuilds(BundleSet set) {
        return set.entries().stream().filter(e -> names.contains(e.symbolicName()))
                .map(e -> e.symbolicName() + " " + e.version()).collect(Collectors.joining(", "));
    }
}
