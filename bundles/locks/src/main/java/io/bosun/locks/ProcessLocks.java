package io.bosun.locks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What this process holds: one permit per app, so that a single supervisor operation at a time takes or clears
 * an app's locks, and the files that open held locks own (which therefore are not leftovers).
 *
 * <p>A permit is a {@link Semaphore}, not a re-entrant lock, because held locks are released by whichever thread
 * finishes the operation, often not the one that took them.
 */
final class ProcessLocks {
    private final ConcurrentMap<Long, Semaphore> apps = new ConcurrentHashMap<>();
    private final Set<Path> held = ConcurrentHashMap.newKeySet();

    /**
     * Takes the app's permit, first come first served.
     *
     * @param maxWait how long to wait; zero waits as long as it takes
     * @return false when the wait ran out
     * @throws CancellationException when the thread is interrupted while waiting (its flag stays set)
     */
    boolean acquire(long appId, Duration maxWait) {
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("negative maxWait: " + maxWait);
        }
        Semaphore permit = permit(appId);
        try {
            if (maxWait.isZero()) {
                permit.acquire();
                return true;
            }
            return permit.tryAcquire(nanos(maxWait), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the update locks of app " + appId);
        }
    }

    /** Takes the app's permit only if it is free now. */
    boolean tryAcquire(long appId) {
        return permit(appId).tryAcquire();
    }

    void release(long appId) {
        permit(appId).release();
    }

    void hold(Path file) {
        held.add(file);
    }

    void drop(Path file) {
        held.remove(file);
    }

    boolean isHeld(Path file) {
        return held.contains(file);
    }

    private Semaphore permit(long appId) {
        return apps.computeIfAbsent(appId, id -> new Semaphore(1, true));
    }

    private static long nanos(Duration wait) {
        try {
            return wait.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
