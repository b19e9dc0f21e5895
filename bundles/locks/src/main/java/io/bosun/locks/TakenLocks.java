package io.bosun.locks;

import io.bosun.spi.locks.HeldLocks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locks one call took for an app, with the app's process permit: the files it created and the supervisor's
 * leftovers it adopted. Closing removes them all and returns the permit, once, from any thread.
 */
final class TakenLocks implements HeldLocks {
    private static final Logger LOG = LoggerFactory.getLogger(TakenLocks.class);

    private final long appId;
    private final ProcessLocks process;
    private final List<Path> files = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Starts empty; the caller has just taken the app's permit, which this now owns. */
    TakenLocks(long appId, ProcessLocks process) {
        this.appId = appId;
        this.process = process;
    }

    @Override
    public long appId() {
        return appId;
    }

    /** Adds a lock file that exists and is the supervisor's. */
    synchronized void add(Path file) {
        files.add(file);
        process.hold(file);
    }

    synchronized boolean owns(Path file) {
        return files.contains(file);
    }

    private synchronized List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Releasing update locks (app {})", appId);
        try {
            for (Path file : files()) {
                LockFiles.remove(file);
                process.drop(file);
            }
        } finally {
            process.release(appId);
        }
    }

    @Override
    public String toString() {
        return "update locks of app " + appId + " " + files();
    }
}
