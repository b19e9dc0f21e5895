package io.bosun.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine restarts under a running supervisor (an engine update, a crash): the view says it is out of step
 * while the engine is away, then re-reads everything and follows events again, with no restart of Bosun. The
 * engine is the test's own ({@link PrivateEngine}): stopping the shared one would break the tests running beside.
 */
class EngineRestartTest {
    static final long APP_ID = 7302;
    static final String APP_UUID = "restarttestapp7302";

    @TempDir
    Path data;
    PrivateEngine dockerd;

    @BeforeEach
    void startEngine() throws Exception {
        dockerd = PrivateEngine.start("bosun-test/box:1");
    }

    @AfterEach
    void removeEngine() {
        if (dockerd != null) {
            dockerd.close();
        }
    }

    @Test
    void theViewSurvivesAnEngineRestart() throws Exception {
        DockerEngine engine = TestBed.engine(data, dockerd.host());
        try {
            await(engine, CurrentState::synced, "in step at start");
            engine.createNetwork(APP_ID, APP_UUID, "default", new NetworkConfig(null, null, null, false, false, null,
                    false));
            ContainerView box = engine.create(engine.define(new TargetService("main", 1, 2, "bosun-test/box:1",
                    Map.of(), Map.of(), true, Map.of(), Map.of("command", "sleep 3600")),
                    DockerEngineTest.context(APP_ID, APP_UUID, "d")));
            engine.start(box.id());

            dockerd.stop();
            await(engine, s -> !s.synced(), "out of step while the engine is away");

            dockerd.start();
            CurrentState after = await(engine, s -> s.synced() && s.containers().stream()
                    .anyMatch(c -> c.id().equals(box.id()) && c.status() == ServiceStatus.RUNNING),
                    "in step again, the restart-always container running again");
            assertEquals(box.facts(), after.containers().stream().filter(c -> c.id().equals(box.id())).findFirst()
                    .orElseThrow().facts());

            // Events flow again: a removal outside Bosun is seen.
            TestBed.Result removed = dockerd.docker("rm", "-f", box.id());
            assertEquals(0, removed.exitCode(), removed.output());
            await(engine, s -> s.containers().isEmpty(), "events followed after the restart");
        } finally {
            engine.deactivate();
        }
    }

    private static CurrentState await(DockerEngine engine, Predicate<CurrentState> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.test(engine.currentState())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what + "; view: " + engine.currentState());
            }
            Thread.sleep(20);
        }
        return engine.currentState();
    }
}
