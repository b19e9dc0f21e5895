package io.bosun.reconciler;

import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import io.bosun.support.logs.Fanout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's system messages (balena's wording, §8.4): to every log sink, and to the process log. A sink
 * that fails is skipped, never the step that logged.
 */
final class SystemLog {
    private static final Logger LOG = LoggerFactory.getLogger(SystemLog.class);
    private final Fanout<LogSink, LogRecord> sinks = new Fanout<>(LogSink::accept,
            e -> LOG.debug("A log sink failed", e));

    void add(LogSink sink) {
        sinks.add(sink);
    }

    void remove(LogSink sink) {
        sinks.remove(sink);
    }

    void info(String message) {
        send(message, false);
    }

    void error(String message) {
        send(message, true);
    }

    /** {@code <what> '<subject>'}, as balena names a service, image, volume or network in its messages. */
    void event(String what, String subject) {
        info(what + " '" + subject + "'");
    }

    /** {@code <what> '<subject>' due to '<cause>'}. */
    void failure(String what, String subject, Throwable cause) {
        error(what + " '" + subject + "' due to '" + message(cause) + "'");
    }

    static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private void send(String message, boolean error) {
        if (error) {
            LOG.warn(message);
        } else {
            LOG.info(message);
        }
        sinks.send(LogRecord.system(message, error));
    }
}
