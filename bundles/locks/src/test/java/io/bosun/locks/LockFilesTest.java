package io.bosun.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One lock file, as procmail's {@code lockfile -r 0} handles it (spec §11.5 case 60). */
class LockFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        TestLocks.requireRoot();
    }

    @Test
    void theSecondCreateOfALockFails() throws Exception {
        Path lock = dir.resolve("updates.lock");
        assertTrue(LockFiles.create(lock));
        assertEquals(LockFiles.SUPERVISOR_UID, TestLocks.owner(lock));
        assertFalse(LockFiles.create(lock));
        assertEquals(LockFiles.SUPERVISOR_UID, TestLocks.owner(lock));
    }

    @Test
    void aDanglingLinkOfThatNameAlsoBlocks() throws Exception {
        Path lock = dir.resolve("updates.lock");
        Files.createSymbolicLink(lock, dir.resolve("elsewhere"));
        assertFalse(LockFiles.create(lock));
        assertFalse(Files.exists(dir.resolve("elsewhere")));
    }

    @Test
    void removeTakesAwayALockDirectory() throws Exception {
        Path lock = Files.createDirectory(dir.resolve("updates.lock"));
        LockFiles.remove(lock);
        assertFalse(Files.exists(lock));
    }

    @Test
    void removingAMissingLockIsNoError() {
        LockFiles.remove(dir.resolve("updates.lock"));
        assertFalse(Files.exists(dir.resolve("updates.lock")));
    }

    @Test
    void removeLeavesALockDirectoryThatIsNotEmpty() throws Exception {
        Path lock = Files.createDirectory(dir.resolve("updates.lock"));
        Files.createFile(lock.resolve("data"));
        LockFiles.remove(lock);
        assertTrue(Files.exists(lock.resolve("data")));
    }
}
