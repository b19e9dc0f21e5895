package io.bosun.logs;

import static io.bosun.logs.FakeEngine.container;
import static io.bosun.spi.engine.ServiceStatus.EXITED;
import static io.bosun.spi.engine.ServiceStatus.INSTALLED;
import static io.bosun.spi.engine.ServiceStatus.RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.logs.FakeEngine.Follow;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.logs.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which containers are followed from when, and when their follows are let go, against a fake engine. */
class CaptureTest {
    final Received out = new Received();
    Instant beforeStart;
    Capture capture;
    Instant afterStart;
    FakeEngine engine;

    @BeforeEach
    void start() {
        beforeStart = Instant.now();
        capture = new Capture(out, Duration.ofMillis(100));
        afterStart = Instant.now();
        engine = new FakeEngine(capture::changed);
        capture.start();
        capture.bind(engine);
    }

    @AfterEach
    void stop() throws InterruptedException {
        capture.stop();
    }

    @Test
    void aContainerRunningAtTheStartIsFollowedFromThenNotFromItsCreation() throws InterruptedException {
        engine.show(container("c1", RUNNING, Instant.now().minus(Duration.ofHours(1))));

        Follow follow = awaitFollows(engine, 1).get(0);
        assertEquals("c1", follow.containerId);
        assertFalse(follow.since.isBefore(beforeStart) || follow.since.isAfter(afterStart), "" + follow.since);
    }

    @Test
    void aContainerStartedLaterIsFollowedFromItsCreationAndNotBefore() throws InterruptedException {
        Thread.sleep(5);
        Instant created = Instant.now();
        engine.show(container("c1", INSTALLED, created));
        witness(container("c1", INSTALLED, created));
        assertEquals(List.of("witness"), followed(), "not followed before it runs");

        engine.show(container("c1", RUNNING, created), container("witness", RUNNING, created));
        assertEquals(created, awaitFollows(engine, 2).get(1).since, "no line of its first run lost");
    }

    @Test
    void linesPassOnAndAStoppedContainersFollowIsClosedAfterItsLastLines() throws InterruptedException {
        engine.show(container("c1", RUNNING, Instant.now()));
        Follow follow = awaitFollows(engine, 1).get(0);
        follow.print("hello", false, Instant.now());
        LogRecord hello = out.await(1).get(0);
        assertEquals(Optional.of("main"), hello.serviceName());
        assertEquals(Optional.of(7701L), hello.appId());

        engine.show(container("c1", EXITED, Instant.now()));
        follow.print("last words", true, Instant.now());
        eventually(() -> follow.closed, "the follow of a stopped container is closed");
        assertEquals(List.of("hello", "last words"), out.messages());
        witness(container("c1", EXITED, Instant.now()));
        assertEquals(List.of("c1", "witness"), followed(), "a stopped container is not followed again");
    }

    @Test
    void aRestartIsFollowedAgainFromJustAfterTheLastLinePassedOn() throws InterruptedException {
        ContainerView running = container("c1", RUNNING, Instant.now());
        engine.show(running);
        Follow first = awaitFollows(engine, 1).get(0);
        Instant second = Instant.now();
        first.print("one", false, second.minusMillis(1));
        first.print("two", false, second);
        out.await(2);

        // Stopped and back: the worker may only ever read the running state, the listener saw the stop.
        engine.show(running.withStatus(EXITED));
        engine.show(running);
        Follow again = awaitFollows(engine, 2).get(1);
        assertEquals(second.plusNanos(1), again.since, "neither repeats nor loses a line");
        assertTrue(first.closed, "the ended follow is closed at once: the new one reads its lines anew");

        first.print("stale", false, Instant.now());
        again.print("three", false, Instant.now());
        // "stale" went first: had the replaced follow passed it on, it would be among the first three.
        assertEquals(List.of("one", "two", "three"), out.await(3).stream().map(LogRecord::message).toList(),
                "the replaced follow passes nothing on");
    }

    @Test
    void aContainerGoneIsLetGo() throws InterruptedException {
        engine.show(container("c1", RUNNING, Instant.now()));
        Follow follow = awaitFollows(engine, 1).get(0);
        engine.show();
        eventually(() -> follow.closed, "the follow of a removed container is closed");
    }

    @Test
    void anotherEngineTakesOverWhereTheFirstLeftOff() throws InterruptedException {
        ContainerView running = container("c1", RUNNING, Instant.now());
        engine.show(running);
        Follow first = awaitFollows(engine, 1).get(0);
        Instant last = Instant.now();
        first.print("one", false, last);
        out.await(1);

        FakeEngine updated = new FakeEngine(capture::changed);
        updated.show(running);
        capture.bind(updated);
        capture.unbind(engine);
        Follow next = awaitFollows(updated, 1).get(0);
        assertEquals(last.plusNanos(1), next.since);
        assertTrue(first.closed, "the old engine's follow is closed");
        first.print("late", false, Instant.now());
        next.print("two", false, Instant.now());
        assertEquals(List.of("one", "two"), out.await(2).stream().map(LogRecord::message).toList());
    }

    @Test
    void withoutAnEngineItsFollowsAreClosed() throws InterruptedException {
        engine.show(container("c1", RUNNING, Instant.now()));
        Follow follow = awaitFollows(engine, 1).get(0);
        capture.unbind(engine);
        eventually(() -> follow.closed, "closed with its engine gone");
    }

    @Test
    void aLostEngineMeansFollowingAgainOnceBackInStep() throws InterruptedException {
        ContainerView running = container("c1", RUNNING, Instant.now());
        engine.show(running);
        Follow first = awaitFollows(engine, 1).get(0);
        Instant last = Instant.now();
        first.print("one", false, last);
        out.await(1);

        engine.lose();
        engine.show(running);
        assertEquals(last.plusNanos(1), awaitFollows(engine, 2).get(1).since);
    }

    @Test
    void theLogsLevelOfAServiceIsHeeded() throws InterruptedException {
        engine.show(container("quiet", RUNNING, Instant.now(), Map.of(OutputLevel.VARIABLE, "none")),
                container("errors", RUNNING, Instant.now(), Map.of(OutputLevel.VARIABLE, "error")));
        Follow errors = awaitFollows(engine, 1).get(0);
        assertEquals("errors", errors.containerId);
        errors.print("fine", false, Instant.now());
        errors.print("broken", true, Instant.now());
        // "fine" went first: had it passed, it would be the first record.
        assertEquals(List.of("broken"), out.await(1).stream().map(LogRecord::message).toList());
        witness(container("quiet", RUNNING, Instant.now(), Map.of(OutputLevel.VARIABLE, "none")),
                container("errors", RUNNING, Instant.now(), Map.of(OutputLevel.VARIABLE, "error")));
        assertEquals(List.of("errors", "witness"), followed(), "a service with level none is not followed");
    }

    @Test
    void aRefusedFollowIsTriedAgain() throws InterruptedException {
        engine.refuseNext(2);
        engine.show(container("c1", RUNNING, Instant.now()));
        assertEquals("c1", awaitFollows(engine, 1).get(0).containerId);
    }

    @Test
    void stoppingClosesEveryFollowAndEndsTheWorker() throws InterruptedException {
        engine.show(container("c1", RUNNING, Instant.now()), container("c2", RUNNING, Instant.now()));
        List<Follow> follows = awaitFollows(engine, 2);

        capture.stop();
        assertFalse(capture.running());
        assertTrue(follows.stream().allMatch(f -> f.closed));
    }

    /**
     * Shows these containers and one more that runs, and waits until that one is followed: the one worker that
     * owns every follow has then acted on all the containers shown with it, so a check that something did not
     * happen needs no sleep.
     */
    private void witness(ContainerView... shown) throws InterruptedException {
        ContainerView[] withWitness = Arrays.copyOf(shown, shown.length + 1);
        withWitness[shown.length] = container("witness", RUNNING, Instant.now());
        engine.show(withWitness);
        eventually(() -> followed().contains("witness"), "the witness is followed");
    }

    private List<String> followed() {
        return engine.follows().stream().map(f -> f.containerId).toList();
    }

    static List<Follow> awaitFollows(FakeEngine engine, int count) throws InterruptedException {
        eventually(() -> engine.follows().size() >= count, count + " follows");
        return engine.follows();
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
