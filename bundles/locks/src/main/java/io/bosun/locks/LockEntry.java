package io.bosun.locks;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A file or directory whose name ends with {@code updates.lock}, found under an app's lock folder.
 *
 * @param relative its path below the app's folder; the first name is the service
 * @param file its path on the host
 * @param ownerUid the uid owning it (of the entry itself, never of a link's target)
 * @param modified when it was last modified
 */
record LockEntry(Path relative, Path file, int ownerUid, Instant modified) {

    boolean supervisors() {
        return ownerUid == LockFiles.SUPERVISOR_UID;
    }

    String service() {
        return relative.getName(0).toString();
    }

    /** Whether the entry is one of the two names, right in a service folder: only those block an update. */
    boolean blocksItsService() {
        return relative.getNameCount() == 2 && LockFiles.NAMES.contains(relative.getFileName().toString());
    }
}
