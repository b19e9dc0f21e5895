package io.bosun.locks;

import static io.bosun.locks.TestLocks.SUPERVISOR;
import static io.bosun.locks.TestLocks.file;
import static io.bosun.locks.TestLocks.listing;
import static io.bosun.locks.TestLocks.owner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Taking and releasing an app's locks (balena's update-lock tests, spec §11.5 cases 55 to 57). */
class LockTreeTest extends LockTreeCase {
    static final Duration FOREVER = Duration.ZERO;
    static final List<String> NAMES = List.of("resin-updates.lock", "updates.lock");

    Path one;
    Path two;

    @BeforeEach
    void setUp() {
        one = app.resolve("one");
        two = app.resolve("two");
    }

    @Test
    void lockCreatesBothFilesInEveryServiceFolderOwnedByNobodyAndCloseEmptiesTheFolders() throws Exception {
        HeldLocks held = tree.lock(123, List.of("one", "two"), false, FOREVER);
        assertEquals(123, held.appId());
        for (Path folder : List.of(one, two)) {
            assertEquals(NAMES, listing(folder));
            for (String name : NAMES) {
                assertEquals(SUPERVISOR, owner(folder.resolve(name)));
            }
        }
        held.close();
        assertEquals(List.of(), listing(one));
        assertEquals(List.of(), listing(two));
    }

    @Test
    void aSecondLockWhileHeldFailsAfterItsWaitWithBalenasMessage() throws Exception {
        try (HeldLocks held = tree.lock(123, List.of("one", "two"), false, FOREVER)) {
            UpdatesLockedException e = assertThrows(UpdatesLockedException.class,
                    () -> tree.lock(123, List.of("one", "two"), false, Duration.ofMillis(10)));
            assertEquals("Locks for app 123 are being held by another supervisor operation", e.getMessage());
            assertEquals(NAMES, listing(one)); // the failed call took nothing away from the held locks
        }
    }

    @Test
    void anAppsResinLockBlocksAndTheFailedCallLeavesOnlyTheAppsFile() throws Exception {
        file(two, "resin-updates.lock", 0);
        UpdatesLockedException e = assertThrows(UpdatesLockedException.class,
                () -> tree.lock(123, List.of("one", "two"), false, FOREVER));
        assertEquals("Lockfile exists for { appId: 123, service: two }", e.getMessage());
        assertEquals(List.of(), listing(one));
        assertEquals(List.of("resin-updates.lock"), listing(two));
        assertEquals(0, owner(two.resolve("resin-updates.lock")));
        // The permit was returned: the app can be locked at once.
        tree.lock(123, List.of("one"), false, Duration.ofMillis(10)).close();
    }

    @Test
    void forceTakesOverAnAppsLockAndReleaseEmptiesTheFolder() throws Exception {
        file(two, "resin-updates.lock", 0);
        HeldLocks held = tree.lock(123, List.of("one", "two"), true, FOREVER);
        assertEquals(SUPERVISOR, owner(two.resolve("resin-updates.lock")));
        held.close();
        assertEquals(List.of(), listing(one));
        assertEquals(List.of(), listing(two));
    }

    @Test
    void aSupervisorLeftoverIsReusedThenRemovedOnRelease() throws Exception {
        Path leftover = file(two, "resin-updates.lock", SUPERVISOR);
        Path otherService = file(root.resolve("services/123/three"), "updates.lock", SUPERVISOR);
        HeldLocks held = tree.lock(123, List.of("one", "two"), false, FOREVER);
        assertEquals(NAMES, listing(two));
        assertFalse(tree.hasLeftoverLocks(123)); // adopted by the held locks
        held.close();
        assertFalse(Files.exists(leftover));
        assertFalse(Files.exists(otherService)); // every leftover of the app is adopted, as balena does
        assertEquals(List.of(), listing(two));
    }

    @Test
    void aFailedLockAlsoRemovesTheLeftoversItAdopted() throws Exception {
        Path leftover = file(one, "updates.lock", SUPERVISOR);
        file(two, "updates.lock", 0);
        assertThrows(UpdatesLockedException.class, () -> tree.lock(123, List.of("one", "two"), false, FOREVER));
        assertFalse(Files.exists(leftover));
        assertEquals(List.of(), listing(one));
        assertEquals(List.of("updates.lock"), listing(two));
    }

    @Test
    void aLockDirectoryBlocksAndForceRemovesIt() throws Exception {
        Files.createDirectories(one.resolve("updates.lock"));
        UpdatesLockedException e = assertThrows(UpdatesLockedException.class,
                () -> tree.lock(123, List.of("one"), false, FOREVER));
        assertEquals("Lockfile exists for { appId: 123, service: one }", e.getMessage());
        assertTrue(Files.isDirectory(one.resolve("updates.lock")));

        HeldLocks held = tree.lock(123, List.of("one"), true, FOREVER);
        assertTrue(Files.isRegularFile(one.resolve("updates.lock")));
        held.close();
        assertEquals(List.of(), listing(one));
    }

    @Test
    void lockExistingLocksEveryServiceFolderAndReleasesThemAll() throws Exception {
        Files.createDirectories(one);
        Files.createDirectories(two);
        HeldLocks held = tree.lockExisting(123, false, Duration.ofSeconds(10));
        assertEquals(NAMES, listing(one));
        assertEquals(NAMES, listing(two));
        held.close();
        assertEquals(List.of(), listing(one));
        assertEquals(List.of(), listing(two));
    }

    @Test
    void lockExistingWithoutFoldersHoldsNothingAndTakesNoPermit() throws Exception {
        HeldLocks held = tree.lockExisting(123, false, FOREVER);
        assertEquals(123, held.appId());
        assertFalse(Files.exists(root.resolve("services/123")));
        // No permit taken: another operation goes ahead while this one is open.
        tree.lock(123, List.of("one"), false, Duration.ofMillis(10)).close();
        held.close();
    }

    @Test
    void twoConcurrentLockExistingWithAShortWaitExactlyOneFails() throws Exception {
        Files.createDirectories(one);
        Files.createDirectories(two);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<HeldLocks>> calls = threads.invokeAll(List.of(
                    () -> lockExisting(start, Duration.ofMillis(5)),
                    () -> lockExisting(start, Duration.ofMillis(5))));
            List<HeldLocks> taken = new ArrayList<>();
            for (Future<HeldLocks> call : calls) {
                if (call.get() != null) {
                    taken.add(call.get());
                }
            }
            assertEquals(1, taken.size());
            taken.get(0).close();
            assertEquals(List.of(), listing(one));
        } finally {
            threads.shutdownNow();
        }
    }

    /** Null when the locks were held by the other call. */
    private HeldLocks lockExisting(CyclicBarrier start, Duration maxWait) throws Exception {
        start.await();
        try {
            HeldLocks held = tree.lockExisting(123, false, maxWait);
            // Hold on past the other call's wait, as a real operation would.
            TimeUnit.MILLISECONDS.sleep(200);
            return held;
        } catch (UpdatesLockedException e) {
            return null;
        }
    }

    @Test
    void locksTakenOnOneThreadAreReleasedFromAnother() throws Exception {
        HeldLocks held = onNewThread(() -> tree.lock(123, List.of("one"), false, FOREVER));
        onNewThread(() -> {
            held.close();
            return null;
        });
        assertEquals(List.of(), listing(one));
        tree.lock(123, List.of("one"), false, Duration.ofMillis(10)).close();
    }

    /** Runs on a thread of its own, as the reconciler's steps may: never the caller's, never a reused one. */
    private static <T> T onNewThread(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        new Thread(task, "locks-test").start();
        return task.get(10, TimeUnit.SECONDS);
    }

    @Test
    void closeIsIdempotentAndReturnsThePermitOnce() throws Exception {
        HeldLocks first = tree.lock(123, List.of("one"), false, FOREVER);
        first.close();
        HeldLocks second = tree.lock(123, List.of("one"), false, FOREVER);
        first.close(); // must neither remove the second's files nor free a second permit
        assertEquals(NAMES, listing(one));
        assertThrows(UpdatesLockedException.class,
                () -> tree.lock(123, List.of("one"), false, Duration.ofMillis(10)));
        second.close();
    }

    @Test
    void aWaitingLockGoesAheadWhenTheHolderReleases() throws Exception {
        HeldLocks held = tree.lock(123, List.of("one"), false, FOREVER);
        CompletableFuture<HeldLocks> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return tree.lock(123, List.of("one"), false, FOREVER);
            } catch (UpdatesLockedException e) {
                throw new IllegalStateException(e);
            }
        });
        TimeUnit.MILLISECONDS.sleep(50);
        assertFalse(waiting.isDone());
        held.close();
        waiting.get(10, TimeUnit.SECONDS).close();
        assertEquals(List.of(), listing(one));
    }

    @Test
    void aServiceNameThatIsNotOneFolderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> tree.lock(123, List.of("../456"), false, FOREVER));
        assertThrows(IllegalArgumentException.class, () -> tree.lock(123, List.of(".."), false, FOREVER));
        assertFalse(Files.exists(root.resolve("services")));
    }
}
