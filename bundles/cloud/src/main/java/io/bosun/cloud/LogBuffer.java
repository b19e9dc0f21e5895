package io.bosun.cloud;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The encoded lines waiting for the cloud, bounded in bytes (the encoded line's, so the bound is the memory it
 * really holds). A full buffer refuses new lines rather than evicting old ones, as balena does, and counts them;
 * once there is room again the count goes out first as one system line, so the dashboard shows the gap where it
 * happened. Producers never wait: the only lock is held for a queue operation.
 */
final class LogBuffer {
    private final int capacityBytes;
    private final ArrayDeque<byte[]> lines = new ArrayDeque<>();
    private int usedBytes;
    private long unreportedDrops;
    private long totalDrops;
    /** Bumped by {@link #wakeUp()} so a waiting taker returns at once (closing, or a new destination). */
    private long wakeUps;

    LogBuffer(int capacityBytes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    /** Keeps the line, or refuses and counts it when it does not fit. */
    synchronized boolean offer(byte[] line) {
        if (unreportedDrops > 0) {
            byte[] warning = LogLine.suppressed(unreportedDrops, Instant.now());
            if (!fits(warning.length + line.length)) {
                return refuse();
            }
            add(warning);
            unreportedDrops = 0;
        } else if (!fits(line.length)) {
            return refuse();
        }
        add(line);
        notifyAll();
        return true;
    }

    /**
     * The oldest line, waiting at most {@code timeoutNanos} (zero or less: no wait).
     *
     * @return null on timeout or {@link #wakeUp()}
     */
    synchronized byte[] poll(long timeoutNanos) throws InterruptedException {
        if (!hasWork()) {
            await(timeoutNanos);
        }
        byte[] line = lines.pollFirst();
        if (line != null) {
            usedBytes -= line.length;
            return line;
        }
        if (unreportedDrops > 0) {
            // Everything has been taken: room again, and no later line to put the warning in front of.
            byte[] warning = LogLine.suppressed(unreportedDrops, Instant.now());
            unreportedDrops = 0;
            return warning;
        }
        return null;
    }

    /** Waits at most {@code timeoutNanos} for something to send; false on timeout or {@link #wakeUp()}. */
    synchronized boolean awaitWork(long timeoutNanos) throws InterruptedException {
        if (!hasWork()) {
            await(timeoutNanos);
        }
        return hasWork();
    }

    synchronized void wakeUp() {
        wakeUps++;
        notifyAll();
    }

    /** Forgets every waiting line (the destination went away: nobody will ever want them). */
    synchronized void clear() {
        lines.clear();
        usedBytes = 0;
        unreportedDrops = 0;
    }

    synchronized int lineCount() {
        return lines.size();
    }

    synchronized long dropped() {
        return totalDrops;
    }

    private boolean hasWork() {
        return !lines.isEmpty() || unreportedDrops > 0;
    }

    private void await(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        long seenWakeUps = wakeUps;
        long left = timeoutNanos;
        while (!hasWork() && wakeUps == seenWakeUps && left > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            left = deadline - System.nanoTime();
        }
    }

    private boolean fits(int bytes) {
        return usedBytes + bytes <= capacityBytes;
    }

    private boolean refuse() {
        unreportedDrops++;
        totalDrops++;
        return false;
    }

    private void add(byte[] line) {
        lines.addLast(line);
        usedBytes += line.length;
    }
}
