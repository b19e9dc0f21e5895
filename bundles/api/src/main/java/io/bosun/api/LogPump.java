package io.bosun.api;

import io.bosun.spi.logs.LogRecord;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Writes log records to a client, one line each, and follows a {@link LogFeed} for as long as it should: until
 * the client goes (the {@link IOException} of a write, passed on), the stream it follows is no longer the
 * device's (its provider was updated or stopped: the client reconnects to the new one), the request's thread
 * is interrupted (the API is going away), or the end time of the query has passed.
 */
final class LogPump {
    /** How often a quiet follow looks whether it should still go on. */
    static final long POLL_MILLIS = 500;

    private final LineOutput out;
    private final Function<LogRecord, String> format;
    private final long keepAliveNanos;
    private final long pollMillis;

    /**
     * @param keepAlive how long a follow stays silent before it writes an empty line to learn whether the client
     *        is still there
     */
    LogPump(LineOutput out, Function<LogRecord, String> format, Duration keepAlive) {
        this.out = out;
        this.format = format;
        this.keepAliveNanos = keepAlive.toNanos();
        // Waking at least as often as a keep-alive is due keeps it on time.
        this.pollMillis = Math.max(1, Math.min(POLL_MILLIS, keepAlive.toMillis()));
    }

    void write(LogRecord record) throws IOException {
        out.line(format.apply(record));
    }

    /**
     * Writes the feed's records as they come.
     *
     * @param live whether the stream followed is still the device's
     * @param until the end of the query: the follow ends once it has passed
     */
    void follow(LogFeed feed, BooleanSupplier live, Optional<Instant> until) throws IOException {
        long lastWrite = System.nanoTime();
        while (live.getAsBoolean() && until.filter(end -> Instant.now().isAfter(end)).isEmpty()) {
            LogRecord record;
            try {
                record = feed.next(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (record != null) {
                if (until.isPresent() && record.timestamp().isAfter(until.get())) {
                    return;
                }
                write(record);
                lastWrite = System.nanoTime();
            } else if (System.nanoTime() - lastWrite >= keepAliveNanos) {
                out.keepAlive();
                lastWrite = System.nanoTime();
            }
        }
    }
}
