package io.bosun.logs;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.ServiceStatus;
import java.util.HashSet;
import java.util.Set;

/**
 * What the engine's view thread tells the capture worker. The listener only notes what it must not lose and
 * wakes the worker: which containers it saw not running, and whether the view lost the engine. The worker reads
 * the current state itself later and may miss a short stop in between (a restart policy brings a container back
 * within a fraction of a second), after which the engine's log stream of that container has ended; these notes
 * tell it to follow again.
 */
final class EngineNews {

    /** The notes since the worker last looked. */
    record Batch(Set<String> notRunning, boolean lostEngine) {
    }

    private Set<String> notRunning = new HashSet<>();
    private boolean lostEngine;
    private boolean pending;

    /** Called on the engine's view thread: notes and returns at once. */
    synchronized void changed(CurrentState state) {
        if (!state.synced()) {
            lostEngine = true;
        }
        for (ContainerView container : state.containers()) {
            if (container.status() != ServiceStatus.RUNNING) {
                notRunning.add(container.id());
            }
        }
        wake();
    }

    /** Wakes the worker with nothing new to note (e.g. another engine was bound, or it is to stop). */
    synchronized void wake() {
        pending = true;
        notifyAll();
    }

    /**
     * Waits for news, at most {@code timeoutMillis} (0: until there is some), and takes it.
     */
    synchronized Batch await(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!pending) {
            if (timeoutMillis == 0) {
                wait();
                continue;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        Batch batch = new Batch(notRunning, lostEngine);
        notRunning = new HashSet<>();
        lostEngine = false;
        pending = false;
        return batch;
    }
}
