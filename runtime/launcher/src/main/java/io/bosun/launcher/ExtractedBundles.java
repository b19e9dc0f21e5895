package io.bosun.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The shipped bundles as plain files, one folder per build of the jar (named by its launch plan's digest), so the
 * framework installs them by reference (no copy into its storage) and a class data archive sees the same paths
 * at every start. A folder is complete or absent: it is filled under a temporary name and renamed.
 */
final class ExtractedBundles {
    private static final String COMPLETE = ".complete";

    private ExtractedBundles() {
    }

    static Path ensure(Path jar, LaunchPlan plan, Path parent) throws IOException {
        Path folder = parent.resolve(plan.digest());
        if (Files.isRegularFile(folder.resolve(COMPLETE))) {
            return folder;
        }
        Files.createDirectories(parent);
        Path partial = Files.createTempDirectory(parent, ".partial-");
        try (JarFile in = new JarFile(jar.toFile())) {
            for (ShippedBundle bundle : plan.bundles()) {
                ZipEntry entry = in.getEntry(bundle.entry());
                if (entry == null) {
                    throw new IOException(jar + " lacks " + bundle.entry() + " that its launcher.properties lists");
                }
                try (InputStream content = in.getInputStream(entry)) {
                    Files.copy(content, partial.resolve(bundle.fileName()));
                }
            }
            Files.createFile(partial.resolve(COMPLETE));
            deleteTree(folder);
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(partial);
        }
        removeOthers(parent, folder);
        return folder;
    }

    /** Older builds' folders: nothing refers to them once the framework storage was renewed for this one. */
    private static void removeOthers(Path parent, Path keep) throws IOException {
        try (Stream<Path> children = Files.list(parent)) {
            for (Path child : children.filter(p -> !p.equals(keep)).toList()) {
                deleteTree(child);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
