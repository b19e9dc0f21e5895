package io.bosun.api;

import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import io.bosun.spi.logs.LogStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A log stream in memory that counts its open subscriptions. A subscriber is handed {@link #arriving} at once,
 * on the subscribing thread: the records that arrive while a route starts to stream.
 */
final class FakeLogStream implements LogStream {
    final List<LogRecord> history = new ArrayList<>();
    final List<LogRecord> arriving = new ArrayList<>();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger subscribed = new AtomicInteger();

    @Override
    public AutoCloseable subscribe(LogSink subscriber) {
        subscribed.incrementAndGet();
        open.incrementAndGet();
        arriving.forEach(subscriber::accept);
        AtomicInteger once = new AtomicInteger();
        return () -> {
            if (once.getAndIncrement() == 0) {
                open.decrementAndGet();
            }
        };
    }

    @Override
    public List<LogRecord> recent(int max) {
        return List.copyOf(history.subList(Math.max(0, history.size() - max), history.size()));
    }

    static LogRecord system(String message, long epochSecond) {
        return new LogRecord(Instant.ofEpochSecond(epochSecond), message, true, false, null, null, null);
    }

    static LogRecord service(long appId, String service, long serviceId, String message, long epochSecond) {
        return new LogRecord(Instant.ofEpochSecond(epochSecond), message, false, false, Optional.of(appId),
                Optional.of(service), Optional.of(serviceId));
    }
}
