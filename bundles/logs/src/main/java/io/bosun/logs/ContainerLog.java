package io.bosun.logs;

import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture of one container's output across its runs. Each follow is asked from just after the last line
 * passed on, so following again (after a restart, a lost engine or a new engine bundle) neither repeats nor
 * loses a line; a follow replaced by a newer one passes nothing more on (its generation is over), which keeps
 * the lines of one container in order.
 *
 * <p>The handles are the capture worker's alone; the resume point and generation are shared with the engine's
 * reader threads, under this object's lock.
 */
final class ContainerLog {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLog.class);

    private final String id;
    private final String service;
    private final OutputLevel level;
    private final LogSink out;
    private Instant resumeFrom;
    private long generation;
    private AutoCloseable live;
    private AutoCloseable ended;
    private Instant endedAt;

    ContainerLog(ContainerView container, Instant since, LogSink out) {
        this.id = container.id();
        this.service = container.identity().serviceName();
        this.level = OutputLevel.of(container);
        this.resumeFrom = since;
        this.out = out;
    }

    /** Whether nothing needs doing while the container runs: it is followed, or its output is not wanted. */
    boolean followed() {
        return live != null || level == OutputLevel.NONE;
    }

    /**
     * Follows the container from where the last follow left off; an ended follow still open is closed first.
     *
     * @return false when the engine refused (to be tried again)
     */
    boolean follow(ContainerEngine engine) {
        closeEnded();
        close(live);
        live = null;
        long current;
        Instant since;
        synchronized (this) {
            current = ++generation;
            since = resumeFrom;
        }
        try {
            live = engine.followLogs(id, since, record -> pass(current, record));
            return true;
        } catch (EngineException | RuntimeException e) {
            LOG.debug("Cannot follow the output of service {} yet: {}", service, e.getMessage());
            return false;
        }
    }

    private synchronized void pass(long from, LogRecord record) {
        if (from != generation) {
            return;
        }
        Instant next = record.timestamp().plusNanos(1);
        if (next.isAfter(resumeFrom)) {
            resumeFrom = next;
        }
        if (level.keeps(record)) {
            // Under the lock, so a line of this container cannot overtake the one before it.
            out.accept(record);
        }
    }

    /**
     * The container stopped, went away or may have (the engine was lost): its follow has ended or will. It is
     * closed only after a while, so that the last lines still on their way (often the ones that say why it
     * stopped) are passed on; following again closes it at once, since the new follow reads them anew.
     */
    void ended(Instant now) {
        if (live != null) {
            closeEnded();
            ended = live;
            endedAt = now;
            live = null;
        }
    }

    /** Closes an ended follow that has lingered since {@code before}; returns whether one still lingers. */
    boolean closeEndedBefore(Instant before) {
        if (ended != null && !endedAt.isAfter(before)) {
            closeEnded();
        }
        return ended != null;
    }

    /** Closes every follow at once, and lets none pass anything more on. */
    void close() {
        synchronized (this) {
            generation++;
        }
        closeEnded();
        close(live);
        live = null;
    }

    boolean idle() {
        return live == null && ended == null;
    }

    private void closeEnded() {
        close(ended);
        ended = null;
        endedAt = null;
    }

    private void close(AutoCloseable follow) {
        if (follow == null) {
            return;
        }
        try {
            follow.close();
        } catch (Exception e) {
            LOG.debug("Closing the follow of service {} failed", service, e);
        }
    }
}
