package io.bosun.reconciler;

import io.bosun.reconciler.plan.Step;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.intake.Offer;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.intake.TargetSelection;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.ApplyStatus;
import io.bosun.spi.target.TargetState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler's actor, in Felix SCR's model: one thread owns every decision (which target runs, when a run
 * starts, what a failure means), fed by a mailbox of typed commands; nobody else touches its state, and no lock
 * is held anywhere in it. Runs are carried out on a runner thread of their own, so the actor answers offers and
 * exclusive actions while a pull takes minutes; a run's end is one more command. What others read (status, the
 * selection, the stored targets) is one immutable {@link Published} value, replaced after every command.
 *
 * <p>Rules, as balena's: a new target of the running source cancels the run in progress; an exclusive action
 * (restart, purge) cancels it too, then runs alone, in the order asked; a failed run is retried after a back-off
 * that a new target resets, that a returning service cuts short and that ends early when the lock files that
 * blocked it change. A request's {@code force} lasts for the one run it starts.
 */
final class ApplyLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyLoop.class);
    /** How often a back-off caused by app locks looks whether the locks went. */
    static final Duration LOCK_POLL = Duration.ofSeconds(1);

    /** What the actor needs of the world: the device, the stored targets, and a way to carry out a run. */
    interface Environment {
        /** The device as configured; throws while the configuration is missing. */
        DeviceIdentity device() throws MissingPartException;

        /** Every stored target by source (read once, at start and when the store comes back). */
        Map<String, TargetState> storedTargets() throws Exception;

        /** Stores a source's target durably before anything else happens with it. */
        void store(String source, TargetState target) throws Exception;

        /** Forgets a source's target (the local one, when the device leaves local mode). */
        void forget(String source) throws Exception;

        /**
         * Carries out one run on the runner thread; returns when it is done, throws its failure, or a
         * {@link CancellationException} when cancelled.
         */
        void execute(Work work, Cancel cancel, Consumer<List<Step>> planned) throws Exception;

        /** The app lock files there are now of these apps (a locked back-off ends when they change). */
        Set<Path> userLocks(Set<Long> appIds);

        /** The run is over and will not be followed by another (the loop stops): let go of what runs hold. */
        void released();

        /** A new selection was published (called on the actor: must return at once). */
        default void selected(TargetSelection selection) {
        }
    }

    /** A body run alone on the runner thread (restart, purge, restart-service). */
    @FunctionalInterface
    interface Exclusive {
        void run(RunFactory runs) throws Exception;
    }

    /** Runs for an exclusive body, with its cancellation. */
    interface RunFactory {
        void apply(TargetState target, RunOptions options) throws Exception;

        Optional<TargetState> target();

        /** Whether the device is in local mode (volumes of apps that go are kept). */
        boolean localMode();
    }

    /** What one run does. */
    sealed interface Work {
        /** The device moves to its target (none: only local mode is settled), forcing locks if asked. */
        record Normal(Optional<TargetState> target, boolean force, boolean localMode) implements Work {
        }

        /** An exclusive action on the device as its target and mode are now. */
        record Action(Exclusive body, Optional<TargetState> target, boolean localMode) implements Work {
        }
    }

    /** What others read, replaced whole after every command. */
    record Published(ApplyStatus status, TargetSelection selection, Map<String, TargetState> stored,
            List<Step> lastPlan, Optional<Instant> unsettledSince, Duration lockWaits, boolean alive) {
    }

    private sealed interface Command {
    }

    private record Offered(String source, TargetState target, ApplyOptions options, CompletableFuture<Offer> done)
            implements Command {
    }

    private record Reapply(ApplyOptions options, CompletableFuture<Boolean> done) implements Command {
    }

    private record Queued(Exclusive body, CompletableFuture<Void> done) implements Command {
    }

    private record EngineChanged() implements Command {
    }

    /** A service the runs need came (back), or the configuration changed. */
    private record PartsChanged() implements Command {
    }

    private record Planned(Run run, List<Step> steps) implements Command {
    }

    private record RunEnded(Run run, Throwable failure) implements Command {
    }

    private record AwaitSettled(CompletableFuture<ApplyStatus> done) implements Command {
    }

    private record Stop(CompletableFuture<Void> done) implements Command {
    }

    /** One run under way. */
    private record Run(Work work, long generation, Cancel cancel) {
        boolean exclusive() {
            return work instanceof Work.Action;
        }
    }

    /** The target to run, of a generation; {@code force} is for the next run only. */
    private record Desired(Optional<TargetState> target, long generation, boolean force) {
    }

    private final Environment env;
    private final SystemLog log;
    private final Clock clock;
    private final BlockingQueue<Command> mailbox = new LinkedBlockingQueue<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> daemon(r, "bosun-apply"));
    private volatile Thread actor;
    private volatile Published published;
    /** Set once stop is asked: from then on, requests are answered at once, never queued for a loop that ends. */
    private volatile boolean closed;

    // --- the actor's own state: read and written on the actor thread only

    private Map<String, TargetState> stored = Map.of();
    private boolean known;
    private Selection selection = new Selection(TargetIntake.LOCAL, false, Optional.empty());
    private long sequence;
    private Desired desired;
    private long generation;
    private long settledGeneration = -1;
    private boolean recheck;
    private final Deque<Queued> exclusives = new ArrayDeque<>();
    private Run running;
    private boolean applying;
    private List<Step> lastPlan = List.of();
    private int failures;
    private String lastError;
    private Instant retryAt;
    private Set<Path> blockingLocks;
    private Instant lockedSince;
    private Duration lockWaits = Duration.ZERO;
    private Instant unsettledSince;
    private final List<CompletableFuture<ApplyStatus>> settledWaiters = new ArrayList<>();
    private CompletableFuture<Void> stopping;
    private boolean stopped;
    /** Answers to hand out once the command is handled and its outcome published, so callers see it published. */
    private final List<Runnable> answers = new ArrayList<>();

    ApplyLoop(Environment env, SystemLog log) {
        this(env, log, Clock.systemUTC());
    }

    ApplyLoop(Environment env, SystemLog log, Clock clock) {
        this.env = env;
        this.log = log;
        this.clock = clock;
        publish();
    }

    void start() {
        startActor();
        mailbox.add(new PartsChanged());
    }

    /**
     * The actor thread; should it ever end on a throwable (one escaping even the handler's own catch), a new one
     * takes over: the state is the loop's, not the thread's.
     */
    private void startActor() {
        Thread thread = daemon(this::act, "bosun-reconciler");
        thread.setUncaughtExceptionHandler((t, e) -> {
            LOG.error("The reconciler's thread died; starting it again", e);
            if (stopping == null || !stopping.isDone()) {
                startActor();
            }
        });
        actor = thread;
        thread.start();
    }

    /**
     * Cancels the run, waits (at most {@code wait}) for it to end, and lets go of what runs hold only once it has:
     * steps still under way must not lose their app's locks.
     *
     * @return whether the run ended in time
     */
    boolean stop(Duration wait) throws InterruptedException {
        closed = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        mailbox.add(new Stop(done));
        try {
            done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("The apply run did not end within {} s of the reconciler stopping; its locks stay on disk, "
                    + "and the next run clears them", wait.toSeconds());
            return false;
        } finally {
            runner.shutdownNow();
        }
    }

    // --- what callers ask; each is one command

    CompletionStage<Offer> offer(String source, TargetState target, ApplyOptions options) {
        CompletableFuture<Offer> done = new CompletableFuture<>();
        if (closed) {
            done.complete(Offer.refused(published.selection().sequence(), "the reconciler is stopping"));
        } else {
            mailbox.add(new Offered(source, target, options, done));
        }
        return done;
    }

    CompletionStage<Boolean> reapply(ApplyOptions options) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (closed) {
            done.complete(false);
        } else {
            mailbox.add(new Reapply(options, done));
        }
        return done;
    }

    CompletionStage<Void> exclusive(Exclusive body) {
        return ask(done -> new Queued(body, done));
    }

    CompletionStage<ApplyStatus> settled() {
        return ask(AwaitSettled::new);
    }

    private <T> CompletionStage<T> ask(java.util.function.Function<CompletableFuture<T>, Command> command) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the reconciler is stopping"));
        } else {
            mailbox.add(command.apply(done));
        }
        return done;
    }

    /** The engine changed: a settled device is planned once more (a container removed by hand comes back). */
    void engineChanged() {
        mailbox.add(new EngineChanged());
    }

    /** A service the runs need came (back), or the configuration changed. */
    void partsChanged() {
        mailbox.add(new PartsChanged());
    }

    Published published() {
        return published;
    }

    // --- the actor

    private void act() {
        while (true) {
            Command command = null;
            try {
                command = mailbox.poll(wakeInMillis(), TimeUnit.MILLISECONDS);
                if (command != null) {
                    handle(command);
                } else {
                    tick();
                }
                if (stopping != null && running == null) {
                    finishStop();
                    return;
                }
                dispatch();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                // The state stays as it was before the command: the loop goes on with the next one.
                LOG.error("The apply loop failed on {}; it goes on", command, e);
            } finally {
                publish();
                answers.forEach(Runnable::run);
                answers.clear();
            }
        }
    }

    private void handle(Command command) {
        if (command instanceof Offered o) {
            Offer offer = offered(o);
            answers.add(() -> o.done().complete(offer));
        } else if (command instanceof Reapply r) {
            boolean again = reapplied(r.options());
            answers.add(() -> r.done().complete(again));
        } else if (command instanceof Queued q) {
            queue(q);
        } else if (command instanceof EngineChanged) {
            recheck = true;
        } else if (command instanceof PartsChanged) {
            partsCameBack();
        } else if (command instanceof Planned p) {
            if (p.run() == running) {
                lastPlan = p.steps();
                applying |= !p.steps().isEmpty();
            }
        } else if (command instanceof RunEnded e) {
            ended(e.run(), e.failure());
        } else if (command instanceof AwaitSettled a) {
            if (desired != null && settledGeneration == desired.generation() && running == null) {
                ApplyStatus status = status();
                answers.add(() -> a.done().complete(status));
            } else {
                settledWaiters.add(a.done());
            }
        } else if (command instanceof Stop s) {
            beginStop(s.done());
        }
    }

    /** Loads the stored targets when they are not known yet (at start, or once the store and config are here). */
    private boolean ensureKnown() {
        if (known) {
            return true;
        }
        DeviceIdentity device;
        Map<String, TargetState> loaded;
        try {
            device = env.device();
            loaded = env.storedTargets();
        } catch (Exception e) {
            LOG.debug("The stored targets cannot be read yet: {}", e.toString());
            return false;
        }
        stored = Map.copyOf(loaded);
        known = true;
        reselect(device, false, true, false);
        desired.target().ifPresent(t -> LOG.info("Applying the stored target"));
        return true;
    }

    private Offer offered(Offered o) {
        if (stopping != null) {
            return Offer.refused(sequence, "the reconciler is stopping");
        }
        if (!ensureKnown()) {
            return Offer.refused(sequence, "the stored targets cannot be read yet: " + missing());
        }
        DeviceIdentity device;
        try {
            device = env.device();
        } catch (MissingPartException e) {
            return Offer.refused(sequence, e.getMessage());
        }
        Optional<String> refusal = Selection.refusal(device, o.source(), selection);
        if (refusal.isPresent()) {
            return Offer.refused(sequence, refusal.get());
        }
        try {
            env.store(o.source(), o.target());
        } catch (Exception e) {
            return Offer.refused(sequence, "the target cannot be stored: " + SystemLog.message(e));
        }
        Map<String, TargetState> next = new LinkedHashMap<>(stored);
        next.put(o.source(), o.target());
        stored = Map.copyOf(next);
        boolean runsIt = Selection.of(device, stored).source().equals(o.source());
        // A target offered for the source that runs is applied again even when it is the same (as balena applies
        // every target it is given); one stored for later moves nothing unless it switched the mode.
        reselect(device, runsIt && o.options().force(), o.options().cancel() || !runsIt, runsIt);
        if (runsIt) {
            return Offer.applied(sequence);
        }
        return Offer.stored(sequence, selection.localMode()
                ? "the device is in local mode: it runs the target given on the device; this one is kept for when "
                        + "local mode ends"
                : "the device runs the target of " + selection.source());
    }

    /** Why the targets are not known: the first missing service, as the environment names it. */
    private String missing() {
        try {
            env.device();
            env.storedTargets();
            return "unknown";
        } catch (Exception e) {
            return SystemLog.message(e);
        }
    }

    /**
     * Works out which target runs now; when that changed (or at load), the loop moves to it. Leaving local mode
     * drops the local target, as balena deletes the local apps.
     */
    private void reselect(DeviceIdentity device, boolean force, boolean cancel, boolean again) {
        Selection next = Selection.of(device, stored);
        if (!device.unmanaged() && !next.localMode() && stored.containsKey(TargetIntake.LOCAL)) {
            try {
                env.forget(TargetIntake.LOCAL);
                Map<String, TargetState> without = new LinkedHashMap<>(stored);
                without.remove(TargetIntake.LOCAL);
                stored = Map.copyOf(without);
            } catch (Exception e) {
                LOG.warn("The local target cannot be forgotten on leaving local mode: {}", SystemLog.message(e));
            }
        }
        boolean changed = desired == null || !next.equals(selection);
        selection = next;
        if (changed) {
            sequence++;
        }
        if (changed || again) {
            want(next.target(), force, cancel);
        }
    }

    private void want(Optional<TargetState> target, boolean force, boolean cancel) {
        desired = new Desired(target, ++generation, force);
        failures = 0;
        lastError = null;
        retryAt = null;
        endLockedWait();
        lockWaits = Duration.ZERO;
        unsettledSince = null;
        if (cancel && running != null && !running.exclusive()) {
            running.cancel().cancel("a new target arrived");
        }
    }

    private boolean reapplied(ApplyOptions options) {
        if (!ensureKnown() || selection.target().isEmpty()) {
            return false;
        }
        want(selection.target(), options.force(), options.cancel());
        return true;
    }

    private void queue(Queued q) {
        if (stopping != null) {
            q.done().completeExceptionally(new IllegalStateException("the reconciler is stopping"));
            return;
        }
        exclusives.add(q);
        if (running != null && !running.exclusive()) {
            running.cancel().cancel("an exclusive action was asked for");
        }
    }

    private void partsCameBack() {
        if (!known) {
            ensureKnown();
            return;
        }
        try {
            reselect(env.device(), false, true, false);
        } catch (MissingPartException e) {
            return;
        }
        // A run waiting out its back-off for a missing service goes at once.
        failures = Math.min(failures, 1);
        retryAt = null;
    }

    /** A wake without a command: a back-off may be over, or the locks that blocked the run may have gone. */
    private void tick() {
        if (blockingLocks != null && desired != null && retryAt != null
                && !env.userLocks(appsOf(desired)).equals(blockingLocks)) {
            retryAt = clock.instant();
        }
    }

    private long wakeInMillis() {
        if (retryAt == null) {
            return Long.MAX_VALUE;
        }
        long untilRetry = Math.max(0, Duration.between(clock.instant(), retryAt).toMillis());
        return blockingLocks != null ? Math.min(untilRetry, LOCK_POLL.toMillis()) : untilRetry;
    }

    /** Starts the next run if none is under way: an exclusive action first, else the target when it needs one. */
    private void dispatch() {
        if (running != null || stopping != null) {
            return;
        }
        if (!exclusives.isEmpty()) {
            Queued next = exclusives.peek();
            start(new Work.Action(next.body(), selection.target(), selection.localMode()));
            return;
        }
        if (desired == null || !known) {
            return;
        }
        boolean due = desired.generation() != settledGeneration || recheck;
        if (!due || (retryAt != null && clock.instant().isBefore(retryAt))) {
            return;
        }
        recheck = false;
        endLockedWait();
        retryAt = null;
        boolean force = desired.force();
        // The force of a request is for the run it starts: retries and re-checks do not delete apps' lock files.
        desired = new Desired(desired.target(), desired.generation(), false);
        start(new Work.Normal(desired.target(), force, selection.localMode()));
    }

    private void start(Work work) {
        Run run = new Run(work, desired == null ? generation : desired.generation(), new Cancel());
        running = run;
        applying = false;
        if (!run.exclusive() && unsettledSince == null && run.generation() != settledGeneration) {
            unsettledSince = clock.instant();
        }
        runner.execute(() -> {
            Throwable failure = null;
            try {
                env.execute(work, run.cancel(), steps -> mailbox.add(new Planned(run, List.copyOf(steps))));
            } catch (Throwable t) {
                failure = t;
            }
            mailbox.add(new RunEnded(run, failure));
        });
    }

    private void ended(Run run, Throwable failure) {
        if (run != running) {
            return;
        }
        running = null;
        applying = false;
        if (run.work() instanceof Work.Action) {
            Queued action = exclusives.poll();
            if (action == null) {
                return;
            }
            answers.add(failure == null ? () -> action.done().complete(null)
                    : () -> action.done().completeExceptionally(failure));
            // Whatever the action did, the device goes back to its target.
            recheck = true;
            return;
        }
        if (failure instanceof CancellationException) {
            LOG.debug("Run cancelled: {}", failure.getMessage());
        } else if (desired == null || run.generation() != desired.generation()) {
            // The run of a target that another replaced meanwhile: its outcome says nothing of the new one.
            LOG.debug("A run of an earlier target ended: {}", failure == null ? "settled" : failure.toString());
        } else if (failure == null) {
            succeeded(run);
        } else {
            failed(failure);
        }
    }

    private void succeeded(Run run) {
        failures = 0;
        lastError = null;
        settledGeneration = run.generation();
        unsettledSince = null;
        lockWaits = Duration.ZERO;
        ApplyStatus status = status();
        List<CompletableFuture<ApplyStatus>> waiting = List.copyOf(settledWaiters);
        settledWaiters.clear();
        answers.add(() -> waiting.forEach(w -> w.complete(status)));
    }

    private void failed(Throwable failure) {
        failures++;
        lastError = SystemLog.message(failure);
        // Not settled any more, even if this target once was: retried after the back-off.
        settledGeneration = -1;
        Duration delay = Backoff.after(failures);
        retryAt = clock.instant().plus(delay);
        if (failure instanceof UpdatesLockedException locked) {
            blockingLocks = env.userLocks(appsOf(desired));
            lockedSince = clock.instant();
            log.info("Updates are locked, retrying in " + Backoff.pretty(delay) + ". Reason: " + locked.getMessage());
        } else {
            endLockedWait();
            LOG.warn("Scheduling another update attempt in {}ms due to failure: {}", delay.toMillis(), lastError,
                    failure instanceof MissingPartException ? null : failure);
        }
    }

    /** Time spent waiting on app locks is the apps' choice, not a stuck apply: the health check leaves it out. */
    private void endLockedWait() {
        if (lockedSince != null) {
            lockWaits = lockWaits.plus(Duration.between(lockedSince, clock.instant()));
        }
        lockedSince = null;
        blockingLocks = null;
    }

    /** The apps of a target and of the last plan: their lock files are what a locked run waits on. */
    private Set<Long> appsOf(Desired d) {
        Set<Long> apps = new java.util.TreeSet<>();
        d.target().ifPresent(t -> t.apps().values().forEach(a -> apps.add(a.id())));
        lastPlan.stream().map(Steps::appId).flatMap(Optional::stream).forEach(apps::add);
        return apps;
    }

    private void beginStop(CompletableFuture<Void> done) {
        stopping = done;
        if (running != null) {
            running.cancel().cancel("the reconciler is stopping");
        }
        // The action under way (the head) gets its own outcome when its run ends; those behind it never run.
        Queued current = running != null && running.exclusive() ? exclusives.poll() : null;
        exclusives.forEach(q -> q.done().completeExceptionally(new CancellationException("stopping")));
        exclusives.clear();
        if (current != null) {
            exclusives.add(current);
        }
        settledWaiters.forEach(w -> w.completeExceptionally(new CancellationException("stopping")));
        settledWaiters.clear();
    }

    private void finishStop() {
        stopped = true;
        try {
            env.released();
        } finally {
            answers.add(() -> stopping.complete(null));
            answers.add(this::answerLeftovers);
        }
    }

    /** Requests that came in just as the loop stopped get their answer: none waits for a loop that is gone. */
    private void answerLeftovers() {
        IllegalStateException gone = new IllegalStateException("the reconciler is stopping");
        for (Command c; (c = mailbox.poll()) != null;) {
            if (c instanceof Offered o) {
                o.done().complete(Offer.refused(sequence, gone.getMessage()));
            } else if (c instanceof Reapply r) {
                r.done().complete(false);
            } else if (c instanceof Queued q) {
                q.done().completeExceptionally(gone);
            } else if (c instanceof AwaitSettled a) {
                a.done().completeExceptionally(gone);
            } else if (c instanceof Stop st) {
                st.done().complete(null);
            }
        }
    }

    private ApplyStatus status() {
        return new ApplyStatus(applying, failures, Optional.ofNullable(lastError));
    }

    private void publish() {
        Thread thread = actor;
        boolean alive = thread != null && thread.isAlive() && !stopped;
        Duration waits = lockedSince == null ? lockWaits
                : lockWaits.plus(Duration.between(lockedSince, clock.instant()));
        Published before = published;
        published = new Published(status(), new TargetSelection(sequence, known, selection.source(),
                selection.localMode(), selection.target()), stored, lastPlan, Optional.ofNullable(unsettledSince),
                waits, alive || thread == null);
        if (before == null || before.selection().sequence() != sequence) {
            env.selected(published.selection());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
