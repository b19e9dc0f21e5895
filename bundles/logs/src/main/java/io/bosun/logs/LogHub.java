package io.bosun.logs;

import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import io.bosun.spi.logs.LogStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream itself: every record taken in goes to the history and to every reader's mailbox. Taking a record in
 * and subscribing share one short lock, so that all readers and the history see the records in one order, and a
 * reader gets exactly the records taken in after its subscription; nothing under that lock ever waits for a
 * reader.
 */
final class LogHub implements LogSink, LogStream {
    private static final Logger LOG = LoggerFactory.getLogger(LogHub.class);

    private final int queueCapacity;
    private final History history;
    private final Set<Subscription> subscriptions = new LinkedHashSet<>();
    private boolean closed;

    LogHub(int historyCapacity, int queueCapacity) {
        this.history = new History(historyCapacity);
        this.queueCapacity = queueCapacity;
    }

    /** Never waits and never throws: a record that cannot be taken in is dropped. */
    @Override
    public void accept(LogRecord record) {
        if (record == null) {
            return;
        }
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
                history.add(record);
                for (Subscription subscription : subscriptions) {
                    subscription.offer(record);
                }
            }
        } catch (RuntimeException e) {
            // Only an error of our own could get here (e.g. out of memory in a queue); the sender must not pay.
            LOG.warn("A log record was lost", e);
        }
    }

    /**
     * @throws IllegalStateException once the stream is closed (its component deactivated)
     */
    @Override
    public AutoCloseable subscribe(LogSink subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Subscription subscription = new Subscription(subscriber, queueCapacity, this::remove);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the log stream is closed");
            }
            subscriptions.add(subscription);
        }
        subscription.start();
        return subscription;
    }

    @Override
    public synchronized List<LogRecord> recent(int max) {
        return history.latest(max);
    }

    private synchronized void remove(Subscription subscription) {
        subscriptions.remove(subscription);
    }

    synchronized int subscriptions() {
        return subscriptions.size();
    }

    /** Ends every subscription and takes nothing more in; waits (boundedly, all together) for their threads. */
    void close() {
        List<Subscription> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(subscriptions);
        }
        open.forEach(Subscription::stop);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Subscription.CLOSE_WAIT_MILLIS);
        open.forEach(s -> s.awaitEnd(deadline));
    }
}
