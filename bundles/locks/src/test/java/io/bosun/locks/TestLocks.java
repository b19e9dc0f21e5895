package io.bosun.locks;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Lock files on disk for the tests, which run as root (the supervisor does) so that owners can be set. */
final class TestLocks {
    static final int SUPERVISOR = LockFiles.SUPERVISOR_UID;

    private TestLocks() {
    }

    /** Fails (never skips) when not root: the lock suite is the most safety-relevant one, CI runs it as root. */
    static void requireRoot() throws IOException {
        Path probe = Files.createTempFile("uid", "");
        try {
            assertEquals(0, owner(probe), "the lock tests chown files: run them as root (./bosun test and CI do)");
        } finally {
            Files.delete(probe);
        }
    }

    static int owner(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:uid", NOFOLLOW_LINKS);
    }

    static int mode(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:mode", NOFOLLOW_LINKS);
    }

    /** A lock file as an app (or a previous supervisor run) leaves it, owned by uid. */
    static Path file(Path folder, String name, int uid) throws IOException {
        Files.createDirectories(folder);
        Path file = Files.createFile(folder.resolve(name));
        Files.setAttribute(file, "unix:uid", uid);
        return file;
    }

    /** The names in a folder, sorted. */
    static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
