package io.bosun.reconciler;

import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.locks.HeldLocks;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the reconciler knows beyond the engine and the store, across cycles: statuses it lays over containers it
 * is acting on, downloads in progress, the update locks it holds, and images whose clean-up or download failed
 * lately (not to be retried at once). Shared by the step threads of a cycle, hence concurrent maps.
 */
final class LiveState {
    static final Duration CLEANUP_IGNORE = Duration.ofHours(1);

    final Map<String, ServiceStatus> overlays = new ConcurrentHashMap<>();
    final Map<String, Integer> downloads = new ConcurrentHashMap<>();
    final Map<Long, HeldLocks> locks = new ConcurrentHashMap<>();
    /** Why an app's lock was last refused, until it is taken. */
    final Map<Long, String> lockRefusals = new ConcurrentHashMap<>();
    private final Map<String, Instant> ignoredImages = new ConcurrentHashMap<>();
    private final Map<String, PullFailures> pullFailures = new ConcurrentHashMap<>();

    private record PullFailures(int count, Instant last) {
    }

    Set<String> ignoredImages() {
        Instant now = Instant.now();
        ignoredImages.values().removeIf(until -> until.isBefore(now));
        return Set.copyOf(ignoredImages.keySet());
    }

    void ignoreImage(String id) {
        ignoredImages.put(id, Instant.now().plus(CLEANUP_IGNORE));
    }

    void pullFailed(String image) {
        pullFailures.merge(image, new PullFailures(1, Instant.now()),
                (a, b) -> new PullFailures(a.count() + 1, Instant.now()));
    }

    void pullSucceeded(String image) {
        pullFailures.remove(image);
    }

    /** How long to wait before pulling an image that failed lately, as balena backs off per image. */
    Duration pullWait(String image) {
        PullFailures f = pullFailures.get(image);
        if (f == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(Instant.now(), f.last().plus(Backoff.after(f.count())));
        return left.isNegative() ? Duration.ZERO : left;
    }

    Map<String, Integer> downloads() {
        return new TreeMap<>(downloads);
    }

    Set<Long> lockedApps() {
        return locks.keySet().stream().collect(Collectors.toUnmodifiableSet());
    }

    /** Releases every held lock: the run is over for good (the component goes away). */
    void releaseAllLocks() {
        locks.values().forEach(HeldLocks::close);
        locks.clear();
    }
}
