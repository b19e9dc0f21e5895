package io.bosun.locks;

import static io.bosun.locks.TestLocks.file;
import static io.bosun.locks.TestLocks.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What only the locks bundle knows of the layout: every app's folder (device-wide actions), a service's folder
 * (its container mounts it) and the hand-over signal in it.
 */
class LayoutTest extends LockTreeCase {
    private static final Duration WAIT = Duration.ofSeconds(1);

    @Test
    void lockAllTakesEveryAppWithAFolderAndReleasesThemTogether() throws Exception {
        Path services = app.getParent();
        Files.createDirectories(services.resolve("7/main"));
        Files.createDirectories(services.resolve("20/web"));
        Files.createDirectories(services.resolve("not-an-app"));
        try (HeldLocks all = tree.lockAll(false, WAIT)) {
            assertEquals(List.of("resin-updates.lock", "updates.lock"), listing(services.resolve("7/main")));
            assertEquals(List.of("resin-updates.lock", "updates.lock"), listing(services.resolve("20/web")));
            assertEquals(List.of(), listing(services.resolve("not-an-app")));
        }
        assertEquals(List.of(), listing(services.resolve("7/main")));
        assertEquals(List.of(), listing(services.resolve("20/web")));
    }

    @Test
    void anAppsOwnLockFailsLockAllAndReleasesWhatWasTaken() throws Exception {
        Path services = app.getParent();
        Files.createDirectories(services.resolve("1/a"));
        file(services.resolve("2/b"), "updates.lock", 1000);
        UpdatesLockedException e = assertThrows(UpdatesLockedException.class, () -> tree.lockAll(false, WAIT));
        assertEquals("Lockfile exists for { appId: 2, service: b }", e.getMessage());
        assertEquals(List.of(), listing(services.resolve("1/a")), "app 1's locks, taken first, are released");
        try (HeldLocks forced = tree.lockAll(true, WAIT)) {
            assertEquals(2, listing(services.resolve("2/b")).size());
        }
    }

    @Test
    void aServiceFolderIsMadeOpenToEveryUser() throws Exception {
        Path folder = tree.serviceFolder(123, "main");
        assertEquals(app.resolve("main"), folder);
        assertTrue(Files.isDirectory(folder));
        assertEquals(01777, TestLocks.mode(folder) & 07777);
        assertThrows(IllegalArgumentException.class, () -> tree.serviceFolder(123, "../escape"));
    }

    @Test
    void theHandOverSignalCountsOnce() throws Exception {
        Path folder = tree.serviceFolder(123, "main");
        assertFalse(tree.takeHandoverSignal(123, "main"));
        Files.createFile(folder.resolve("handover-complete"));
        assertTrue(tree.takeHandoverSignal(123, "main"));
        assertFalse(tree.takeHandoverSignal(123, "main"), "taken: the file is gone");
        Files.createFile(folder.resolve("resin-kill-me"));
        assertTrue(tree.takeHandoverSignal(123, "main"), "the legacy name too");
    }
}
