package io.bosun.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the connector's loops (poll, report, connectivity), on a thread of its own so that a slow cloud call of
 * one never delays the others. Each round says how long to wait before the next; {@link #wake()} cuts the wait
 * short. A round that throws anything is logged and the loop goes on after a pause: it ends only when stopped. The
 * health check reads {@link #busyFor} to tell a loop stuck in a round from one waiting for the cloud.
 */
final class Loop {
    private static final Logger LOG = LoggerFactory.getLogger(Loop.class);
    private static final Duration AFTER_A_THROW = Duration.ofSeconds(10);

    /** One round; returns how long to wait before the next. */
    interface Round {
        Duration run() throws Exception;
    }

    private final String name;
    private final Round round;
    private final Clock clock;
    private final Object lock = new Object();
    private boolean woken;
    private volatile boolean stopped;
    private volatile Instant roundStarted;
    private Thread thread;

    Loop(String name, Round round, Clock clock) {
        this.name = name;
        this.round = round;
        this.clock = clock;
    }

    void start() {
        thread = new Thread(this::loop, "bosun-cloud-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs the next round now (or as soon as the one under way ends). */
    void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    /**
     * Stops the loop and waits for it to end. A round under way is given a moment to finish on its own (it may be
     * writing {@code config.json}, and an interrupt closes the file channel under it), then interrupted: a cloud
     * call may otherwise hold it for its whole timeout.
     */
    void stop(Duration grace, Duration wait) throws InterruptedException {
        stopped = true;
        wake();
        Thread t = thread;
        if (t != null) {
            t.join(grace.toMillis());
            t.interrupt();
            t.join(wait.toMillis());
        }
    }

    boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive() && !stopped;
    }

    /** How long the round under way has run, if one is. */
    Optional<Duration> busyFor() {
        Instant started = roundStarted;
        return started == null ? Optional.empty() : Optional.of(Duration.between(started, clock.instant()));
    }

    String name() {
        return name;
    }

    private void loop() {
        while (!stopped) {
            Duration wait;
            roundStarted = clock.instant();
            try {
                wait = round.run();
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
                wait = AFTER_A_THROW;
            } catch (Throwable t) {
                LOG.error("The cloud {} loop failed a round; it goes on in {}", name, AFTER_A_THROW, t);
                wait = AFTER_A_THROW;
            } finally {
                roundStarted = null;
            }
            try {
                pause(wait);
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            }
        }
    }

    private void pause(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        synchronized (lock) {
            while (!woken && !stopped) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            woken = false;
        }
    }
}
