package io.bosun.reconciler;

import io.bosun.reconciler.plan.Step;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.reconcile.ApplyStatus;
import io.bosun.spi.target.TargetState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler's actor: one thread owns every run, so two applies never overlap. A new target cancels the
 * run in progress and the next run plans from the engine's real state; an exclusive action (restart, purge)
 * cancels it too, then runs alone, in the order asked; a failed run is retried after a back-off that a new
 * target resets and that ends early when the locks that blocked it go.
 */
final class ApplyLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyLoop.class);
    private static final Duration LOCK_POLL = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    /** What a run needs from the component at its start; throws when a service is missing. */
    interface Environment {
        Parts parts() throws MissingPartException;

        /** Carries out a switch into or out of local mode that the last run did not reach yet. */
        LocalModeSwitch.Outcome settleLocalMode() throws Exception;

        /**
         * The stored target of the source the device runs (the local one in local mode, else the cloud's); empty
         * when that source gave none. Throws while it cannot be known (a service missing).
         */
        Optional<TargetState> activeTarget() throws Exception;
    }

    /** A body run alone on the loop's thread. */
    @FunctionalInterface
    interface Exclusive {
        void run(RunFactory runs) throws Exception;
    }

    /** Makes runs for an exclusive body, with its own cancellation. */
    interface RunFactory {
        void apply(TargetState target, RunOptions options) throws Exception;

        Optional<TargetState> target();

        Parts parts() throws MissingPartException;

        /** Whether the device is in local mode (volumes of apps that go are kept). */
        boolean localMode();
    }

    /** The target to run; none when the device's source gave none (then only local mode is settled). */
    private record Desired(Optional<TargetState> target, boolean force, long generation) {
    }

    private record Queued(Exclusive body, CompletableFuture<Void> done) {
    }

    private final Environment env;
    private final LiveState live;
    private final SystemLog log;
    private final TargetModel model = new TargetModel();
    private final EngineSignal engineSignal = new EngineSignal();
    private final ExecutorService pool;
    private final Thread thread;
    private final Deque<Queued> exclusives = new ArrayDeque<>();

    private Desired desired;
    private long generation;
    private long settledGeneration = -1;
    /** An engine change: a settled device is planned once more (a container removed by hand comes back). */
    private boolean recheck;
    /** A service the runs need came back: a run waiting out its back-off goes at once. */
    private boolean retryNow;
    private boolean runningExclusive;
    private boolean closed;
    private boolean bootTargetLoaded;
    private Cancel running;
    private int failures;
    private String lastError;
    private boolean applying;
    private CompletableFuture<ApplyStatus> settled = new CompletableFuture<>();
    private volatile List<Step> lastPlan = List.of();

    ApplyLoop(Environment env, LiveState live, SystemLog log) {
        this.env = env;
        this.live = live;
        this.log = log;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bosun-step-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::loop, "bosun-reconciler");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Cancels the run, waits for its steps to end, and releases the locks held. */
    void stop() throws InterruptedException {
        synchronized (this) {
            closed = true;
            if (running != null) {
                running.cancel("the reconciler is stopping");
            }
            exclusives.forEach(q -> q.done().completeExceptionally(new CancellationException("stopping")));
            exclusives.clear();
            notifyAll();
        }
        engineSignal.changed();
        thread.join(STOP_WAIT.toMillis());
        pool.shutdown();
        pool.awaitTermination(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        live.releaseAllLocks();
    }

    synchronized void submit(TargetState target, boolean force, boolean cancel) {
        want(Optional.of(target), force, cancel);
    }

    private void want(Optional<TargetState> target, boolean force, boolean cancel) {
        desired = new Desired(target, force, ++generation);
        bootTargetLoaded = true;
        failures = 0;
        lastError = null;
        if (settled.isDone()) {
            settled = new CompletableFuture<>();
        }
        if (cancel && running != null && !runningExclusive) {
            running.cancel("a new target arrived");
        }
        notifyAll();
    }

    /**
     * Moves to the stored target of the source the device runs now, if the loop wants another one (a switch of
     * local mode, or a configuration that made the device managed or unmanaged).
     *
     * @return whether the target changed
     */
    synchronized boolean followStoredTarget() {
        if (!bootTargetLoaded) {
            // The loop loads the boot target itself, and says so.
            return false;
        }
        Optional<TargetState> active;
        try {
            active = env.activeTarget();
        } catch (Exception e) {
            LOG.debug("The target to run cannot be read now: {}", e.toString());
            return false;
        }
        if (desired != null && active.equals(desired.target())) {
            return false;
        }
        want(active, desired != null && desired.force(), true);
        return true;
    }

    /** The engine changed: a waiting cycle goes on, and a settled device is checked again. */
    void engineChanged() {
        engineSignal.changed();
        synchronized (this) {
            recheck = true;
            notifyAll();
        }
    }

    /** A service the runs need came (back): try again now rather than at the end of the back-off. */
    synchronized void partsChanged() {
        retryNow = true;
        failures = Math.min(failures, 1);
        notifyAll();
    }

    synchronized CompletionStage<Void> exclusive(Exclusive body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the reconciler is stopping"));
            return done;
        }
        exclusives.add(new Queued(body, done));
        if (running != null && !runningExclusive) {
            running.cancel("an exclusive action was asked for");
        }
        notifyAll();
        return done;
    }

    synchronized ApplyStatus status() {
        return new ApplyStatus(applying, failures, Optional.ofNullable(lastError));
    }

    synchronized CompletionStage<ApplyStatus> settled() {
        return settled.copy();
    }

    synchronized Optional<TargetState> target() {
        return desired == null ? Optional.empty() : desired.target();
    }

    List<Step> lastPlan() {
        return lastPlan;
    }


    // --- the loop thread

    private void loop() {
        while (true) {
            Object work;
            try {
                work = nextWork();
            } catch (InterruptedException e) {
                return;
            }
            if (work == null) {
                return;
            }
            if (work instanceof Queued q) {
                runExclusive(q);
            } else {
                runNormal((Desired) work);
            }
        }
    }

    private synchronized Object nextWork() throws InterruptedException {
        while (!closed) {
            if (!bootTargetLoaded) {
                loadBootTarget();
            }
            if (!exclusives.isEmpty()) {
                return exclusives.poll();
            }
            if (desired != null && (desired.generation() != settledGeneration || recheck || retryNow)) {
                recheck = false;
                retryNow = false;
                return desired;
            }
            wait(LOCK_POLL.toMillis());
        }
        return null;
    }

    /**
     * At boot, the stored target is applied at once: no network needed. Without one, a first run still settles
     * local mode (an unmanaged device records the engine as it is before any target).
     */
    private void loadBootTarget() {
        Optional<TargetState> stored;
        try {
            stored = env.activeTarget();
        } catch (Exception e) {
            return;
        }
        bootTargetLoaded = true;
        desired = new Desired(stored, false, ++generation);
        if (stored.isPresent()) {
            LOG.info("Applying the stored target");
        }
    }

    private void runNormal(Desired d) {
        Cancel cancel = begin();
        if (cancel == null) {
            return;
        }
        try {
            Parts parts = env.parts();
            LocalModeSwitch.Outcome mode = env.settleLocalMode();
            if (mode.switched() && followStoredTarget()) {
                return;
            }
            if (d.target().isPresent()) {
                newRun(parts, cancel, RunOptions.device(d.force(), mode.local())).run(d.target().get());
            }
            succeeded(d);
        } catch (CancellationException e) {
            LOG.debug("Run cancelled: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError | StackOverflowError e) {
            // A linkage error can come from a half-updated provider bundle: counted and retried like a failure.
            failed(d, e instanceof Exception x ? x : new IllegalStateException(e.toString(), e));
        } finally {
            end();
        }
    }

    /** {@code applying} turns true with the first plan that has steps: a re-check of a settled device is no update. */
    private synchronized Cancel begin() {
        if (closed) {
            return null;
        }
        running = new Cancel();
        return running;
    }

    private void planned(List<Step> steps) {
        lastPlan = steps;
        if (!steps.isEmpty()) {
            synchronized (this) {
                applying = true;
            }
        }
    }

    private synchronized void end() {
        running = null;
        applying = false;
    }

    private ApplyRun newRun(Parts parts, Cancel cancel, RunOptions options) {
        return new ApplyRun(parts, live, log, model, cancel, options, pool, engineSignal, this::planned);
    }

    private void succeeded(Desired d) {
        synchronized (this) {
            failures = 0;
            lastError = null;
            settledGeneration = d.generation();
            if (desired != null && desired.generation() == d.generation()) {
                settled.complete(new ApplyStatus(false, 0, Optional.empty()));
            }
        }
    }

    private void failed(Desired d, Exception e) {
        Duration delay;
        synchronized (this) {
            failures++;
            lastError = SystemLog.message(e);
            // Not settled any more, even if this target once was: the loop retries it after the back-off.
            settledGeneration = -1;
            delay = Backoff.after(failures);
        }
        if (e instanceof UpdatesLockedException locked) {
            log.info("Updates are locked, retrying in " + Backoff.pretty(delay) + ". Reason: " + locked.getMessage());
        } else {
            LOG.warn("Scheduling another update attempt in {}ms due to failure: {}", delay.toMillis(),
                    SystemLog.message(e), e instanceof MissingPartException ? null : e);
        }
        backOff(d, delay, e instanceof UpdatesLockedException);
    }

    /**
     * Waits out the back-off, unless a new target, an exclusive action or (for a locked update) the removal of
     * the locks that blocked it comes first.
     */
    private void backOff(Desired d, Duration delay, boolean locked) {
        long deadline = System.currentTimeMillis() + delay.toMillis();
        Set<Path> blocking = locked ? d.target().map(this::userLocks).orElse(Set.of()) : Set.of();
        synchronized (this) {
            retryNow = false;
        }
        while (true) {
            synchronized (this) {
                if (closed || !exclusives.isEmpty() || desired != d || retryNow) {
                    return;
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                try {
                    wait(Math.min(left, LOCK_POLL.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (locked && !d.target().map(this::userLocks).orElse(Set.of()).equals(blocking)) {
                return;
            }
        }
    }

    /**
     * The app lock files there are now. Only which files exist counts: an app that touches its lock file keeps
     * the update waiting without making it retry (and log) at every touch.
     */
    private Set<Path> userLocks(TargetState target) {
        try {
            Parts parts = env.parts();
            Set<Long> apps = new TreeSet<>();
            target.apps().values().forEach(a -> apps.add(a.id()));
            lastPlan.stream().map(Steps::appId).flatMap(Optional::stream).forEach(apps::add);
            Set<Path> files = new TreeSet<>();
            apps.forEach(id -> parts.locks().userLocks(id).forEach(l -> files.add(l.file())));
            return files;
        } catch (MissingPartException | RuntimeException e) {
            return Set.of();
        }
    }

    private void runExclusive(Queued q) {
        Cancel cancel = begin();
        synchronized (this) {
            runningExclusive = cancel != null;
        }
        if (cancel == null) {
            q.done().completeExceptionally(new IllegalStateException("the reconciler is stopping"));
            return;
        }
        try {
            // An action runs on the device as its mode now has it: a pending switch is made first.
            LocalModeSwitch.Outcome mode = env.settleLocalMode();
            if (mode.switched()) {
                followStoredTarget();
            }
            q.body().run(new RunFactory() {
                @Override
                public void apply(TargetState target, RunOptions options) throws Exception {
                    newRun(env.parts(), cancel, options).run(target);
                }

                @Override
                public Optional<TargetState> target() {
                    return ApplyLoop.this.target();
                }

                @Override
                public Parts parts() throws MissingPartException {
                    return env.parts();
                }

                @Override
                public boolean localMode() {
                    return mode.local();
                }
            });
            q.done().complete(null);
        } catch (Exception | LinkageError | StackOverflowError e) {
            q.done().completeExceptionally(e);
        } finally {
            end();
            synchronized (this) {
                runningExclusive = false;
                // Whatever the action did, the device goes back to its target.
                recheck = true;
            }
        }
    }
}
