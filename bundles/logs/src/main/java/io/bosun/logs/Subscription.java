package io.bosun.logs;

import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader of the stream: its own {@link Mailbox} and its own daemon thread that hands the records over, so a
 * reader that blocks holds up nobody but itself.
 */
final class Subscription implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    private static final AtomicLong NUMBERS = new AtomicLong();
    /** How long closing waits for a reader busy in {@code accept} to return, after interrupting it. */
    static final long CLOSE_WAIT_MILLIS = 2_000;

    private final LogSink reader;
    private final Mailbox mailbox;
    private final Consumer<Subscription> onClose;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();

    Subscription(LogSink reader, int capacity, Consumer<Subscription> onClose) {
        this.reader = reader;
        this.mailbox = new Mailbox(capacity);
        this.onClose = onClose;
        this.thread = new Thread(this::deliver, "bosun-log-reader-" + NUMBERS.incrementAndGet());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Never waits (see {@link Mailbox#offer}). */
    void offer(LogRecord record) {
        mailbox.offer(record);
    }

    Thread thread() {
        return thread;
    }

    private void deliver() {
        try {
            for (LogRecord record = mailbox.take(); record != null; record = mailbox.take()) {
                try {
                    reader.accept(record);
                } catch (RuntimeException e) {
                    // The reader's failure is its own: it loses that record, the stream goes on.
                    LOG.debug("A log reader failed on a record", e);
                }
            }
        } catch (InterruptedException e) {
            // Closed while waiting.
        }
    }

    /**
     * Ends the subscription: nothing more is queued or handed over, and the thread ends. Waits (boundedly) for a
     * record being handed over to be done, so that the reader gets nothing once this returns, unless the reader
     * itself closes from within {@code accept}.
     */
    @Override
    public void close() {
        stop();
        awaitEnd(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS));
    }

    /** The first half of closing, without waiting; for closing many at once. */
    void stop() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.accept(this);
        mailbox.close();
        if (Thread.currentThread() != thread) {
            // Wakes a reader waiting in accept (e.g. on a full pipe it writes to): it is being let go.
            thread.interrupt();
        }
    }

    /** Waits until the thread has ended or the deadline ({@link System#nanoTime}) has passed. */
    void awaitEnd(long deadlineNanos) {
        if (Thread.currentThread() == thread || !thread.isAlive()) {
            return;
        }
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("A log reader did not return from accept within {} ms of being closed", CLOSE_WAIT_MILLIS);
        }
    }
}
