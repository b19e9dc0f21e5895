package io.bosun.cloud;

import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import io.bosun.support.logs.Fanout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's messages: system messages (to every {@link LogSink}, so they reach the device's log stream and
 * the cloud, as balena's {@code Could not move to new release} lines do) and console lines. A failure that repeats
 * at every retry, such as a refused key or an unreachable cloud, is said once and then at most every
 * {@link #REPEAT}, so an outage of days does not fill the log.
 */
final class CloudLog {
    private static final Logger LOG = LoggerFactory.getLogger(CloudLog.class);
    static final Duration REPEAT = Duration.ofMinutes(10);

    private final Fanout<LogSink, LogRecord> sinks = new Fanout<>(LogSink::accept,
            e -> LOG.debug("A log sink failed", e));
    private final Map<String, Instant> lastSaid = new ConcurrentHashMap<>();
    private final Clock clock;

    CloudLog(Clock clock) {
        this.clock = clock;
    }

    void add(LogSink sink) {
        sinks.add(sink);
    }

    void remove(LogSink sink) {
        sinks.remove(sink);
    }

    /** A system message, as balena shows it in the dashboard's logs. */
    void system(String message, boolean error) {
        if (error) {
            LOG.warn(message);
        } else {
            LOG.info(message);
        }
        sinks.send(LogRecord.system(message, error));
    }

    /**
     * A console warning of a failure that may repeat: said when it is new (another text than the last one of its
     * kind), else at most every {@link #REPEAT}.
     */
    void rarely(String kind, String message) {
        Instant now = clock.instant();
        String key = kind + "\n" + message;
        Instant last = lastSaid.get(key);
        if (last == null || !now.isBefore(last.plus(REPEAT))) {
            lastSaid.keySet().removeIf(k -> k.startsWith(kind + "\n"));
            lastSaid.put(key, now);
            LOG.warn(message);
        }
    }

    /** The failure of that kind ended: the next one is said at once. */
    void recovered(String kind, String message) {
        if (lastSaid.keySet().removeIf(k -> k.startsWith(kind + "\n"))) {
            LOG.info(message);
        }
    }
}
