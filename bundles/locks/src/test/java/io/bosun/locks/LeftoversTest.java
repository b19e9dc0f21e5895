package io.bosun.locks;

import static io.bosun.locks.TestLocks.SUPERVISOR;
import static io.bosun.locks.TestLocks.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.locks.HeldLocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Supervisor locks left over by a previous run: found, and cleared (spec §11.5 case 58). */
class LeftoversTest extends LockTreeCase {

    @Test
    void aFileOwnedByNobodyIsALeftover() throws Exception {
        file(app.resolve("one"), "updates.lock", SUPERVISOR);
        assertTrue(tree.hasLeftoverLocks(123));
        assertFalse(tree.hasLeftoverLocks(456));
    }

    @Test
    void anAppsFileIsNoLeftover() throws Exception {
        file(app.resolve("one"), "updates.lock", 0);
        file(app.resolve("one"), "resin-updates.lock", 1000);
        assertFalse(tree.hasLeftoverLocks(123));
    }

    @Test
    void theFilesOfOpenHeldLocksAreNoLeftovers() throws Exception {
        try (HeldLocks held = tree.lock(123, List.of("one"), false, Duration.ZERO)) {
            assertFalse(tree.hasLeftoverLocks(123));
        }
        assertFalse(tree.hasLeftoverLocks(123));
    }

    @Test
    void noLockFolderMeansNoLeftover() {
        assertFalse(tree.hasLeftoverLocks(123));
    }

    @Test
    void releaseLeftoversRemovesOnlyTheSupervisorFilesOfThatApp() throws Exception {
        Path one = app.resolve("one");
        Path two = app.resolve("two");
        file(one, "updates.lock", SUPERVISOR);
        file(one, "resin-updates.lock", SUPERVISOR);
        Path userLock = file(two, "updates.lock", 0);
        Path userResinLock = file(two, "resin-updates.lock", 0);
        Path otherApp = file(root.resolve("services/456/one"), "updates.lock", SUPERVISOR);

        assertTrue(tree.releaseLeftovers(123));

        assertEquals(List.of(), TestLocks.listing(one));
        assertTrue(Files.exists(userLock));
        assertTrue(Files.exists(userResinLock));
        assertTrue(Files.exists(otherApp));
        assertFalse(tree.hasLeftoverLocks(123));
    }

    @Test
    void releaseLeftoversTouchesNothingWhileAnotherOperationHoldsTheApp() throws Exception {
        Path leftover = file(app.resolve("two"), "updates.lock", SUPERVISOR);
        try (HeldLocks held = tree.lock(123, List.of("one"), false, Duration.ZERO)) {
            // The held locks adopted the leftover; even so nothing of the app may be touched now.
            assertFalse(tree.releaseLeftovers(123));
            assertTrue(Files.exists(leftover));
            assertEquals(List.of("resin-updates.lock", "updates.lock"), TestLocks.listing(app.resolve("one")));
        }
        assertTrue(tree.releaseLeftovers(123));
    }
}
