package io.bosun.logs;

import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.logs.LogSink;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures the output of every supervised container into a sink. One worker thread owns every follow: woken by
 * the engine's changes (see {@link EngineNews}), it follows each running container it does not follow yet and
 * lets go of those that stopped or went away. A container is followed from its creation, or from the capture's
 * start if it is older (no flood of old lines, and none lost from a start), then across restarts from its last
 * line passed on (see {@link ContainerLog}).
 */
final class Capture {
    private static final Logger LOG = LoggerFactory.getLogger(Capture.class);
    /** How soon the worker looks again while a follow lingers or the engine refused one. */
    static final long RETRY_MILLIS = 1_000;

    private final LogSink out;
    private final Duration linger;
    private final Instant startedAt = Instant.now();
    private final EngineNews news = new EngineNews();
    private final AtomicReference<ContainerEngine> engine = new AtomicReference<>();
    private final Thread worker = new Thread(this::work, "bosun-log-capture");
    private volatile boolean stopping;
    // The worker's own:
    private final Map<String, ContainerLog> containers = new HashMap<>();
    private ContainerEngine followedWith;

    /**
     * @param linger how long the follow of a container that stopped stays open for its last lines
     */
    Capture(LogSink out, Duration linger) {
        this.out = out;
        this.linger = linger;
        worker.setDaemon(true);
    }

    void start() {
        worker.start();
    }

    /** The engine to follow containers with: a new one replaces the old one's follows. */
    void bind(ContainerEngine e) {
        engine.set(e);
        news.wake();
    }

    /** The engine goes: its follows are closed (unless another one was bound already). */
    void unbind(ContainerEngine e) {
        if (engine.compareAndSet(e, null)) {
            news.wake();
        }
    }

    /** Called on the engine's view thread: notes and returns. */
    void changed(CurrentState state) {
        news.changed(state);
    }

    /** Stops the worker, which closes every follow on its way out; waits for it (boundedly). */
    void stop() throws InterruptedException {
        stopping = true;
        news.wake();
        worker.join(Subscription.CLOSE_WAIT_MILLIS);
        if (worker.isAlive()) {
            // Stuck in an engine call: interrupting it ends that call, and the worker then closes all.
            worker.interrupt();
            worker.join(Subscription.CLOSE_WAIT_MILLIS);
        }
    }

    boolean running() {
        return worker.isAlive();
    }

    private void work() {
        try {
            boolean again = false;
            while (!stopping) {
                EngineNews.Batch batch = news.await(again ? RETRY_MILLIS : 0);
                if (stopping) {
                    break;
                }
                try {
                    again = look(batch);
                } catch (RuntimeException e) {
                    LOG.warn("Following the services' output failed; trying again", e);
                    again = true;
                }
            }
        } catch (InterruptedException e) {
            // Stopping.
        } finally {
            containers.values().forEach(ContainerLog::close);
            containers.clear();
        }
    }

    /**
     * Brings the follows in line with the engine's current state.
     *
     * @return whether to look again soon without news: a follow lingers or one was refused
     */
    private boolean look(EngineNews.Batch batch) {
        Instant now = Instant.now();
        ContainerEngine e = engine.get();
        if (e != followedWith) {
            // Follows of an engine that went are of no use; a new engine's are asked from where those left off.
            containers.values().forEach(ContainerLog::close);
            followedWith = e;
        }
        if (e == null) {
            return false;
        }
        CurrentState state = e.currentState();
        if (batch.lostEngine() || !state.synced()) {
            containers.values().forEach(c -> c.ended(now));
        }
        batch.notRunning().forEach(id -> {
            ContainerLog container = containers.get(id);
            if (container != null) {
                container.ended(now);
            }
        });
        boolean again = false;
        if (state.synced()) {
            // While the view is out of step its lists are what was last known: nothing is followed anew.
            again = followRunning(e, state, now);
        }
        return forgetGone(state, now) || again;
    }

    private boolean followRunning(ContainerEngine e, CurrentState state, Instant now) {
        boolean refused = false;
        for (ContainerView view : state.containers()) {
            ContainerLog container = containers.get(view.id());
            if (view.status() != ServiceStatus.RUNNING) {
                if (container != null) {
                    container.ended(now);
                }
                continue;
            }
            if (container == null) {
                Instant since = view.createdAt().isAfter(startedAt) ? view.createdAt() : startedAt;
                container = new ContainerLog(view, since, out);
                containers.put(view.id(), container);
            }
            if (!container.followed() && !container.follow(e)) {
                refused = true;
            }
        }
        return refused;
    }

    /** Ends the follows of containers gone, closes those that lingered long enough; whether any lingers. */
    private boolean forgetGone(CurrentState state, Instant now) {
        Set<String> present = state.containers().stream().map(ContainerView::id).collect(Collectors.toSet());
        Instant lingeredFrom = now.minus(linger);
        boolean lingering = false;
        for (Iterator<Map.Entry<String, ContainerLog>> it = containers.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, ContainerLog> entry = it.next();
            ContainerLog container = entry.getValue();
            boolean gone = state.synced() && !present.contains(entry.getKey());
            if (gone) {
                container.ended(now);
            }
            lingering |= container.closeEndedBefore(lingeredFrom);
            if (gone && container.idle()) {
                it.remove();
            }
        }
        return lingering;
    }
}
