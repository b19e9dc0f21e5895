package io.bosun.locks;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads an app's lock folder ({@code <root>/services/<appId>}) without following links, so that a link an app
 * plants there cannot make the supervisor read, adopt or remove files elsewhere. Entries that vanish while
 * being read were released meanwhile and are skipped.
 */
final class LockScan {
    private LockScan() {
    }

    /** The app's service folders: real directories only, links skipped (as balena does). */
    static List<String> serviceFolders(Path app) {
        if (!Files.isDirectory(app, NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(app)) {
            return children.filter(p -> Files.isDirectory(p, NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + app, e);
        }
    }

    /** Every entry named {@code *updates.lock} below the app's folder, at any depth, links not followed. */
    static List<LockEntry> entries(Path app) {
        if (!Files.isDirectory(app, NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<LockEntry> found = new ArrayList<>();
        try {
            Files.walkFileTree(app, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(app) && LockFiles.hasLockName(dir)) {
                        entry(app, dir).ifPresent(found::add);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (LockFiles.hasLockName(file)) {
                        entry(app, file).ifPresent(found::add);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // released while we looked
                    }
                    throw e;
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + app, e);
        }
        return found;
    }

    private static Optional<LockEntry> entry(Path app, Path file) {
        try {
            Map<String, Object> attrs = Files.readAttributes(file, "unix:uid,lastModifiedTime", NOFOLLOW_LINKS);
            return Optional.of(new LockEntry(app.relativize(file), file, (Integer) attrs.get("uid"),
                    ((FileTime) attrs.get("lastModifiedTime")).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // released while we looked
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of " + file, e);
        }
    }
}
