package io.bosun.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.reconciler.plan.Step;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.intake.Offer;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.target.TargetState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's actor (spec §1.5, §11.8): targets offered, stored and selected; runs started, cancelled and
 * retried; exclusive actions alone and in order. Runs are carried out by a scripted environment, so what is observed
 * is the loop itself: which runs it starts, with what, and when.
 */
class ApplyLoopTest {
    private static final DeviceIdentity UNMANAGED = new DeviceIdentity("device", Optional.empty(), null, null);
    private static final String CLOUD = "https://api.example.test";
    private static final DeviceIdentity MANAGED = new DeviceIdentity("device", Optional.of(CLOUD), null, null);

    private final Scripted env = new Scripted();
    private final ApplyLoop loop = new ApplyLoop(env, new SystemLog());

    @AfterEach
    void stop() throws Exception {
        env.release.countDown();
        loop.stop(Duration.ofSeconds(5));
    }

    @Test
    void aTargetIsStoredThenApplied() throws Exception {
        loop.start();
        Offer offer = offer(TargetIntake.LOCAL, target("one"), false);
        assertEquals(Offer.Outcome.APPLIED, offer.outcome());
        assertEquals(target("one"), env.stored.get(TargetIntake.LOCAL));
        ApplyLoop.Work.Normal run = (ApplyLoop.Work.Normal) nextOf(target("one"));
        assertEquals(Optional.of(target("one")), run.target());
        assertTrue(run.localMode());
        awaitTrue(() -> loop.published().selection().target().equals(Optional.of(target("one"))));
    }

    @Test
    void theStoredTargetIsAppliedAtStart() throws Exception {
        env.stored.put(TargetIntake.LOCAL, target("stored"));
        loop.start();
        assertEquals(Optional.of(target("stored")), ((ApplyLoop.Work.Normal) env.next()).target());
        // the run starts before the command that started it is published
        awaitTrue(() -> loop.published().selection().known());
    }

    /** Regression: a request's force stuck to the target, so every later re-plan deleted apps' lock files. */
    @Test
    void forceLastsOneApplyRun() throws Exception {
        // Idle first: the start's own run would otherwise take the failure meant for the forced run.
        startIdle();
        env.outcomes.add(new IllegalStateException("a pull failed"));
        offer(TargetIntake.LOCAL, target("forced"), true);
        assertTrue(((ApplyLoop.Work.Normal) nextOf(target("forced"))).force(), "the run the request started forces");
        assertFalse(((ApplyLoop.Work.Normal) env.next()).force(), "its retry does not");
        awaitTrue(() -> loop.published().status().failedAttempts() == 0);
        loop.engineChanged();
        assertFalse(((ApplyLoop.Work.Normal) env.next()).force(), "nor a re-check after an engine change");
    }

    /** §11.8 case 73: a new target cancels the run in progress, which the next run replaces. */
    @Test
    void aNewTargetCancelsTheRunInProgress() throws Exception {
        startIdle();
        env.blockRuns = true;
        offer(TargetIntake.LOCAL, target("first"), false);
        nextOf(target("first"));
        offer(TargetIntake.LOCAL, target("second"), false);
        assertEquals("a new target arrived", env.cancelled.poll(5, TimeUnit.SECONDS));
        assertEquals(Optional.of(target("second")), ((ApplyLoop.Work.Normal) env.next()).target());
    }

    @Test
    void anExclusiveActionCancelsTheRunInProgressThenRunsAlone() throws Exception {
        startIdle();
        env.blockRuns = true;
        offer(TargetIntake.LOCAL, target("first"), false);
        nextOf(target("first"));
        CompletableFuture<Void> action = loop.exclusive(runs -> { }).toCompletableFuture();
        assertEquals("an exclusive action was asked for", env.cancelled.poll(5, TimeUnit.SECONDS));
        assertTrue(env.next() instanceof ApplyLoop.Work.Action);
        env.blockRuns = false;
        env.release.countDown();
        action.get(5, TimeUnit.SECONDS);
        assertTrue(env.next() instanceof ApplyLoop.Work.Normal, "the device goes back to its target after");
    }

    @Test
    void exclusiveActionsRunAloneInTheOrderAsked() throws Exception {
        loop.start();
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch firstRuns = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = loop.exclusive(runs -> {
            events.add("first begins");
            firstRuns.countDown();
            release.await(5, TimeUnit.SECONDS);
            events.add("first ends");
        }).toCompletableFuture();
        firstRuns.await(5, TimeUnit.SECONDS);
        CompletableFuture<Void> second = loop.exclusive(runs -> events.add("second")).toCompletableFuture();
        CompletableFuture<Void> third = loop.exclusive(runs -> events.add("third")).toCompletableFuture();
        // The others are queued behind the first: taken by the loop (its answer to a later offer shows that).
        offer(TargetIntake.LOCAL, target("meanwhile"), false);
        assertEquals(List.of("first begins"), events, "the others wait while one runs");

        release.countDown();
        CompletableFuture.allOf(first, second, third).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("first begins", "first ends", "second", "third"), events);
    }

    @Test
    void aFailingExclusiveActionFailsFastAndTheNextOneRuns() throws Exception {
        loop.start();
        CompletableFuture<Void> failing = loop.exclusive(runs -> {
            throw new IllegalStateException("locked");
        }).toCompletableFuture();
        CompletableFuture<Void> next = loop.exclusive(runs -> { }).toCompletableFuture();

        ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(5, TimeUnit.SECONDS));
        assertEquals("locked", e.getCause().getMessage());
        next.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFailedRunIsCountedWithTheReasonAndANewTargetResetsTheCount() throws Exception {
        startIdle();
        env.outcomes.add(new MissingPartException("the container engine"));
        offer(TargetIntake.LOCAL, target("one"), false);
        awaitTrue(() -> loop.published().status().failedAttempts() >= 1);
        assertEquals(Optional.of("waiting for the container engine"), loop.published().status().lastError());
        // The new target's run stays under way, so neither its success nor a failure can change the count.
        env.blockRuns = true;
        offer(TargetIntake.LOCAL, target("two"), false);
        assertEquals(0, loop.published().status().failedAttempts(), "reset by the new target");
        env.release.countDown();
    }

    /** Regression: an Error escaping a run (or the loop's own handling) ended the loop's thread for good. */
    @Test
    void anyThrowableIsSurvivedAndTheLoopGoesOn() throws Exception {
        startIdle();
        env.outcomes.add(new AssertionError("a run that throws an Error"));
        env.userLocksThrow = true;
        env.outcomes.add(new UpdatesLockedException("Lockfile exists"));
        offer(TargetIntake.LOCAL, target("one"), false);
        nextOf(target("one"));
        nextOf(target("one"));
        // Handling the locked failure threw inside the loop itself; the loop still answers and runs.
        assertEquals(Offer.Outcome.APPLIED, offer(TargetIntake.LOCAL, target("two"), false).outcome());
        assertEquals(Optional.of(target("two")), ((ApplyLoop.Work.Normal) nextOf(target("two"))).target());
        assertTrue(loop.published().alive());
    }

    @Test
    void outsideLocalModeTheLocalSourceIsRefusedAndNothingIsStored() throws Exception {
        env.device = MANAGED;
        loop.start();
        Offer offer = offer(TargetIntake.LOCAL, target("local"), false);
        assertEquals(Offer.Outcome.REFUSED, offer.outcome());
        assertEquals("Target state can only set when device is in local mode", offer.reason());
        assertFalse(env.stored.containsKey(TargetIntake.LOCAL));
        assertEquals(Offer.Outcome.REFUSED, offer("https://other.example.test", target("x"), false).outcome());
    }

    @Test
    void aCloudTargetThatTurnsLocalModeOnIsStoredForLaterAndTheLocalTargetRuns() throws Exception {
        env.device = MANAGED;
        loop.start();
        TargetState local = new TargetState("device", "d", Map.of("SUPERVISOR_LOCAL_MODE", "1"), Map.of());
        Offer cloud = offer(CLOUD, local, false);
        assertEquals(Offer.Outcome.STORED, cloud.outcome());
        assertTrue(loop.published().selection().localMode());
        assertEquals(Offer.Outcome.APPLIED, offer(TargetIntake.LOCAL, target("local"), false).outcome());
        assertEquals(Optional.of(target("local")), ((ApplyLoop.Work.Normal) nextOf(target("local"))).target());

        Offer off = offer(CLOUD, target("cloud"), false);
        assertEquals(Offer.Outcome.APPLIED, off.outcome(), "turning local mode off runs the cloud's target");
        assertFalse(env.stored.containsKey(TargetIntake.LOCAL), "leaving local mode forgets the local target");
        assertTrue(loop.published().selection().sequence() >= 3);
    }

    @Test
    void whileTheStoredTargetsCannotBeReadOffersAreRefusedWithTheReason() throws Exception {
        env.device = null;
        loop.start();
        Offer offer = offer(TargetIntake.LOCAL, target("early"), false);
        assertEquals(Offer.Outcome.REFUSED, offer.outcome());
        assertTrue(offer.reason().contains("waiting for the supervisor configuration"), offer.reason());
        env.device = UNMANAGED;
        loop.partsChanged();
        assertEquals(Offer.Outcome.APPLIED, offer(TargetIntake.LOCAL, target("later"), false).outcome());
    }

    @Test
    void stoppingWaitsForTheRunAndAnExclusiveActionAskedThenFails() throws Exception {
        loop.start();
        loop.stop(Duration.ofSeconds(5));
        assertTrue(env.released);
        assertFalse(loop.published().alive());
        CompletableFuture<Void> late = loop.exclusive(runs -> { }).toCompletableFuture();
        assertThrows(ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
        assertEquals(Offer.Outcome.REFUSED, offer(TargetIntake.LOCAL, target("late"), false).outcome());
    }

    /**
     * Regression: stopping released every app's locks after its wait whether or not the run had ended, so a step
     * still under way (a slow engine stop) went on without its app's lock.
     */
    @Test
    void aRunThatOutlivesTheStopKeepsItsLocks() throws Exception {
        startIdle();
        env.blockRuns = true;
        env.ignoreCancel = true;
        offer(TargetIntake.LOCAL, target("slow"), false);
        nextOf(target("slow"));
        assertFalse(loop.stop(Duration.ofMillis(200)), "the run did not end in time");
        assertFalse(env.released, "its locks stay while it runs");
        env.release.countDown();
    }

    /** Starts the loop and lets its first run (no target yet: it only settles local mode) end. */
    private void startIdle() throws Exception {
        loop.start();
        assertEquals(Optional.empty(), ((ApplyLoop.Work.Normal) env.next()).target());
        awaitTrue(() -> loop.published().status().failedAttempts() == 0 && !loop.published().status().applying());
        loop.settled().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private Offer offer(String source, TargetState target, boolean force) throws Exception {
        return loop.offer(source, target, new ApplyOptions(force, true)).toCompletableFuture().get(5,
                TimeUnit.SECONDS);
    }

    /** The next run of that target (earlier runs, e.g. of a re-check, are passed over). */
    private ApplyLoop.Work nextOf(TargetState target) throws InterruptedException {
        while (true) {
            ApplyLoop.Work work = env.next();
            if (work instanceof ApplyLoop.Work.Normal n && n.target().equals(Optional.of(target))) {
                return work;
            }
        }
    }

    private static TargetState target(String name) {
        return new TargetState("device", name, Map.of(), Map.of());
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(5);
        }
    }

    /** An environment whose runs end as the test says: one outcome per run (none left: success). */
    private static final class Scripted implements ApplyLoop.Environment {
        volatile DeviceIdentity device = UNMANAGED;
        final Map<String, TargetState> stored = new ConcurrentHashMap<>();
        final BlockingQueue<ApplyLoop.Work> started = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> outcomes = new LinkedBlockingQueue<>();
        final BlockingQueue<String> cancelled = new LinkedBlockingQueue<>();
        volatile boolean blockRuns;
        /** A run that goes on after it is cancelled (a slow engine call), until {@link #release}. */
        volatile boolean ignoreCancel;
        volatile boolean userLocksThrow;
        volatile boolean released;
        final CountDownLatch release = new CountDownLatch(1);

        ApplyLoop.Work next() throws InterruptedException {
            ApplyLoop.Work work = started.poll(5, TimeUnit.SECONDS);
            if (work == null) {
                throw new AssertionError("no run started");
            }
            return work;
        }

        @Override
        public DeviceIdentity device() throws MissingPartException {
            DeviceIdentity d = device;
            if (d == null) {
                throw new MissingPartException("the supervisor configuration");
            }
            return d;
        }

        @Override
        public Map<String, TargetState> storedTargets() {
            return Map.copyOf(stored);
        }

        @Override
        public void store(String source, TargetState target) {
            stored.put(source, target);
        }

        @Override
        public void forget(String source) {
            stored.remove(source);
        }

        @Override
        public void execute(ApplyLoop.Work work, Cancel cancel, Consumer<List<Step>> planned) throws Exception {
            started.add(work);
            if (work instanceof ApplyLoop.Work.Action action) {
                action.body().run(new ApplyLoop.RunFactory() {
                    @Override
                    public void apply(TargetState target, RunOptions options) {
                    }

                    @Override
                    public Optional<TargetState> target() {
                        return action.target();
                    }

                    @Override
                    public boolean localMode() {
                        return action.localMode();
                    }
                });
            }
            while (blockRuns && (ignoreCancel || !cancel.cancelled()) && release.getCount() > 0) {
                release.await(10, TimeUnit.MILLISECONDS);
            }
            if (cancel.cancelled()) {
                cancelled.add(cancelReason(cancel));
                cancel.check();
            }
            Throwable outcome = outcomes.poll();
            if (outcome instanceof Exception e) {
                throw e;
            }
            if (outcome instanceof Error e) {
                throw e;
            }
        }

        private static String cancelReason(Cancel cancel) {
            try {
                cancel.check();
                return "";
            } catch (java.util.concurrent.CancellationException e) {
                return e.getMessage();
            }
        }

        @Override
        public Set<Path> userLocks(Set<Long> appIds) {
            if (userLocksThrow) {
                userLocksThrow = false;
                throw new OutOfMemoryError("thrown inside the loop's own handling");
            }
            return Set.of();
        }

        @Override
        public void released() {
            released = true;
        }
    }
}
