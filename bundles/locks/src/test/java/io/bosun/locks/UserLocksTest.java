package io.bosun.locks;

import static io.bosun.locks.TestLocks.SUPERVISOR;
import static io.bosun.locks.TestLocks.file;
import static io.bosun.locks.TestLocks.mode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.locks.UserLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The locks apps hold, as the supervisor reports them and as apps take them. */
class UserLocksTest extends LockTreeCase {

    @Test
    void userLocksListsTheAppsFilesWithTheirOwnerAndNotTheSupervisors() throws Exception {
        Path twoLock = file(app.resolve("two"), "updates.lock", 1000);
        Path oneResin = file(app.resolve("one"), "resin-updates.lock", 0);
        Path oneLock = file(app.resolve("one"), "updates.lock", 0);
        file(app.resolve("three"), "updates.lock", SUPERVISOR);
        Instant since = Instant.parse("2024-05-01T10:00:00Z");
        Files.setLastModifiedTime(twoLock, FileTime.from(since));

        List<UserLock> locks = tree.userLocks(123);

        assertEquals(List.of(oneResin, oneLock, twoLock), locks.stream().map(UserLock::file).toList());
        assertEquals(List.of("one", "one", "two"), locks.stream().map(UserLock::serviceName).toList());
        assertEquals(List.of(0, 0, 1000), locks.stream().map(UserLock::ownerUid).toList());
        assertEquals(new UserLock(123, "two", twoLock, 1000, since), locks.get(2));
        assertEquals(List.of(), tree.userLocks(456));
    }

    @Test
    void scansDoNotFollowALinkToAnotherAppsFolder() throws Exception {
        Path other = root.resolve("services/456/one");
        file(other, "updates.lock", SUPERVISOR);
        file(other, "resin-updates.lock", 0);
        Files.createDirectories(app);
        Files.createSymbolicLink(app.resolve("one"), other);

        assertEquals(List.of(), tree.userLocks(123));
        assertFalse(tree.hasLeftoverLocks(123));
        assertTrue(tree.releaseLeftovers(123));
        assertTrue(Files.exists(other.resolve("updates.lock")));
        // Nor is a linked folder a service of the app.
        tree.lockExisting(123, false, Duration.ZERO).close();
        assertEquals(List.of("resin-updates.lock", "updates.lock"), TestLocks.listing(other));
    }

    @Test
    void theServiceFolderIsStickyAndWorldWritableSoAnAppOfAnyUidCanTakeItsLock() throws Exception {
        tree.lock(123, List.of("one"), false, Duration.ZERO).close();
        Path one = app.resolve("one");
        assertEquals(01777, mode(one) & 07777);
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(one)));

        // An app running as uid 1000 takes its lock the way balena documents (exclusive create).
        assertTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs /usr/bin/setpriv (util-linux) to run as another uid");
        for (Path p = one.getParent(); !p.equals(root.getParent()); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x")); // reach the folder
        }
        Process app = new ProcessBuilder("/usr/bin/setpriv", "--reuid=1000", "--regid=1000", "--clear-groups",
                "/bin/sh", "-c", "set -C && : > updates.lock").directory(one.toFile()).inheritIO().start();
        assertTrue(app.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, app.exitValue());

        assertEquals(List.of(new UserLock(123, "one", one.resolve("updates.lock"), 1000,
                Files.getLastModifiedTime(one.resolve("updates.lock")).toInstant())), tree.userLocks(123));
        UpdatesLockedException e = assertThrows(UpdatesLockedException.class,
                () -> tree.lock(123, List.of("one"), false, Duration.ZERO));
        assertEquals("Lockfile exists for { appId: 123, service: one }", e.getMessage());
    }

    @Test
    void aLockHeldByTheSupervisorIsNoUserLock() throws Exception {
        try (HeldLocks held = tree.lock(123, List.of("one"), false, Duration.ZERO)) {
            assertEquals(List.of(), tree.userLocks(123));
        }
    }
}
