package io.bosun.api;

import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogStream;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP reader's subscription to the log stream. The stream hands records over on a thread of its own; they
 * wait here for the request's thread, which writes them to the client. The queue is bounded: while the client
 * is slow the stream's thread waits here, and the stream (not this) drops that reader's oldest records and says
 * how many. Closing ends the subscription, so that a reader that left holds nothing.
 */
final class LogFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogFeed.class);
    static final int CAPACITY = 256;
    private static final long PUT_WAIT_MILLIS = 100;

    private final BlockingQueue<LogRecord> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final AutoCloseable subscription;
    /** Records written already from the history, which the subscription may hand over again. */
    private Set<LogRecord> seen = Set.of();
    private volatile boolean closed;

    /**
     * Subscribes at once: records from now on, those that {@code wanted} accepts, are kept for {@link #next}.
     *
     * @throws IllegalStateException when the stream is closed (its provider is going away)
     */
    LogFeed(LogStream stream, Predicate<LogRecord> wanted) {
        subscription = stream.subscribe(record -> {
            if (wanted.test(record)) {
                put(record);
            }
        });
    }

    /**
     * Skips the records written from the history before: subscribing first and reading the history after loses
     * nothing, but the records that arrived in between are in both.
     */
    void skipRepeatsOf(Collection<LogRecord> written) {
        seen = new HashSet<>(written);
    }

    /** The next record, or null when none came within the timeout. */
    LogRecord next(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        LogRecord record;
        do {
            record = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } while (record != null && seen.contains(record));
        if (record != null) {
            // The repeats come first: after a new record, none can follow.
            seen = Set.of();
        }
        return record;
    }

    /**
     * On the stream's thread: waits while the queue is full, and gives up once closed, so that closing never
     * depends on the stream interrupting its thread.
     */
    private void put(LogRecord record) {
        try {
            while (!closed && !queue.offer(record, PUT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                // Full: the client is slow; wait for it.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("Closing a log subscription failed", e);
        }
        queue.clear();
    }
}
