package io.bosun.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.target.TargetState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's actor (spec §1.5, §11.8): exclusive actions run alone and in order, a failing one does not stop
 * the next, failed runs are counted and a new target resets the count. The services a run needs are absent here,
 * so every normal run fails at once with "waiting for ..."; what is observed is the loop itself.
 */
class ApplyLoopTest {
    private final ApplyLoop loop = new ApplyLoop(new Absent(), new LiveState(), new SystemLog());

    @AfterEach
    void stop() throws Exception {
        loop.stop();
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
        Thread.sleep(100);
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

        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> failing.get(5, TimeUnit.SECONDS));
        assertEquals("locked", e.getCause().getMessage());
        next.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRunThatCannotStartIsCountedAsFailedWithTheReason() throws Exception {
        loop.start();
        loop.submit(target(), false, true);
        awaitTrue(() -> loop.status().failedAttempts() >= 1);
        assertEquals(Optional.of("waiting for the supervisor configuration"), loop.status().lastError());
    }

    @Test
    void aNewTargetResetsTheFailureCount() throws Exception {
        loop.start();
        loop.submit(target(), false, true);
        awaitTrue(() -> loop.status().failedAttempts() >= 2);
        loop.submit(target(), false, true);
        // The new target's own first attempt may already have failed, but the count started again from zero.
        assertTrue(loop.status().failedAttempts() <= 1, "reset: " + loop.status());
    }

    @Test
    void anExclusiveActionAskedWhileStoppingFails() throws Exception {
        loop.start();
        loop.stop();
        assertTrue(loop.exclusive(runs -> { }).toCompletableFuture().isCompletedExceptionally());
    }

    private static TargetState target() {
        return new TargetState("device", "name", Map.of(), Map.of());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(5);
        }
    }

    /** No configuration, engine, store or locks: every run fails before it plans. */
    private static final class Absent implements ApplyLoop.Environment {
        @Override
        public Parts parts() throws MissingPartException {
            throw new MissingPartException("the supervisor configuration");
        }

        /** Nothing to switch: the actions these tests queue touch no engine. */
        @Override
        public LocalModeSwitch.Outcome settleLocalMode() {
            return new LocalModeSwitch.Outcome(true, false);
        }

        @Override
        public Optional<TargetState> activeTarget() throws MissingPartException {
            throw new MissingPartException("the state store");
        }
    }
}
