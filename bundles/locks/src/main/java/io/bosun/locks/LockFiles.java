package io.bosun.locks;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lock files as balena's apps and tools see them: a lock is the existence of the file (or of a directory of that
 * name), taken by an exclusive create that never retries and never treats a lock as stale, and its owner tells
 * whose it is.
 */
final class LockFiles {
    /** The uid ("nobody") that owns the supervisor's locks; any other owner is an app. */
    static final int SUPERVISOR_UID = 65534;
    /** The current name and the legacy one; either blocks. */
    static final List<String> NAMES = List.of("updates.lock", "resin-updates.lock");
    /** What every lock name ends with; balena's clean-up matches supervisor files by this suffix. */
    static final String SUFFIX = "updates.lock";
    /** drwxrwxrwt: an app running as any uid may create its lock there, and only its owner may remove it. */
    private static final int STICKY_WORLD_WRITABLE = 01777;
    private static final Logger LOG = LoggerFactory.getLogger(LockFiles.class);

    private LockFiles() {
    }

    /** Creates a service's lock folder if needed and opens it to every uid, as the containers mount it. */
    static void openFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.setAttribute(folder, "unix:mode", STICKY_WORLD_WRITABLE);
    }

    /**
     * Takes a supervisor lock: exclusive create, then owned by {@link #SUPERVISOR_UID}.
     *
     * @return false, changing nothing, when the file (or a directory, or a link) of that name exists
     */
    static boolean create(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        try {
            Files.setAttribute(file, "unix:uid", SUPERVISOR_UID, NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            // Left owned by us, it would pass for an app's lock and block every update until a reboot.
            Files.deleteIfExists(file);
            throw e;
        }
        return true;
    }

    /**
     * Releases a lock: removes the file, link or empty directory. A missing file is already released; a
     * directory that is not empty stays (and keeps blocking), as with balena; other failures are logged, since
     * the caller cannot do better and the file will show up as a leftover.
     */
    static void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (DirectoryNotEmptyException e) {
            LOG.warn("The lock {} is a directory that is not empty; it stays", file);
        } catch (IOException e) {
            LOG.warn("Cannot remove the lock {}: {}", file, e.toString());
        }
    }

    static boolean hasLockName(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().endsWith(SUFFIX);
    }
}
