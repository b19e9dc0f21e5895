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
    /** When downloads were going on lately (start, end; the last one may still run), oldest first, bounded. */
    private final java.util.Deque<Instant[]> downloadTimes = new java.util.ArrayDeque<>();
    private static final int DOWNLOAD_TIMES_KEPT = 64;
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

    /** A download begins (as {@link #downloads} gains an entry). */
    synchronized void downloadStarted(String image, Instant now) {
        if (downloads.isEmpty()) {
            downloadTimes.addLast(new Instant[] {now, null});
            if (downloadTimes.size() > DOWNLOAD_TIMES_KEPT) {
                downloadTimes.removeFirst();
            }
        }
        downloads.put(image, 0);
    }

    /** A download ends, done or not. */
    synchronized void downloadEnded(String image, Instant now) {
        downloads.remove(image);
        if (downloads.isEmpty() && !downloadTimes.isEmpty() && downloadTimes.peekLast()[1] == null) {
            downloadTimes.peekLast()[1] = now;
        }
    }

    /** How long downloads went on since {@code since} (the health check does not count it as applying). */
    synchronized Duration downloadTimeSince(Instant since, Instant now) {
        Duration total = Duration.ZERO;
        for (Instant[] span : downloadTimes) {
            Instant start = span[0].isBefore(since) ? since : span[0];
            Instant end = span[1] == null ? now : span[1];
            if (end.isAfter(start)) {
                total = total.plus(Duration.between(start, end));
            }
        }
        return total;
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
