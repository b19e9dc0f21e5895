package io.bosun.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine restarts under a running supervisor (an engine update, a crash): the view says it is out of step
 * while the engine is away, then re-reads everything and follows events again, with no restart of Bosun.
 */
class EngineRestartTest {
    static final long APP_ID = 7302;
    static final String APP_UUID = "restarttestapp7302";

    @TempDir
    Path data;

    @Test
    void theViewSurvivesAnEngineRestart() throws Exception {
        Path pidFile = TestBed.DIR.resolve("dockerd.pid");
        assumeTrue(Files.isRegularFile(pidFile), "only a dockerd the test bed started may be restarted by a test");
        TestBed.clean(APP_ID, APP_UUID);
        DockerEngine engine = TestBed.engine(data);
        try {
            await(engine, CurrentState::synced, "in step at start");
            engine.createNetwork(APP_ID, APP_UUID, "default", new NetworkConfig(null, null, null, false, false, null,
                    false));
            ContainerView box = engine.create(engine.define(new TargetService("main", 1, 2, "bosun-test/box:1",
                    Map.of(), Map.of(), true, Map.of(), Map.of("command", "sleep 3600")),
                    DockerEngineTest.context(APP_ID, APP_UUID, "d")));
            engine.start(box.id());

            String pid = Files.readString(pidFile).strip();
            assertEquals(0, TestBed.run(List.of("kill", pid)).exitCode());
            await(engine, s -> !s.synced(), "out of step while the engine is away");

            TestBed.Result restart = TestBed.run(List.of("../../scripts/testbed.sh", "--engine-only"));
            assertEquals(0, restart.exitCode(), restart.output());
            CurrentState after = await(engine, s -> s.synced() && s.containers().stream()
                    .anyMatch(c -> c.id().equals(box.id()) && c.status() == ServiceStatus.RUNNING),
                    "in step again, the restart-always container running again");
            assertEquals(box.facts(), after.containers().stream().filter(c -> c.id().equals(box.id())).findFirst()
                    .orElseThrow().facts());

            // Events flow again: a removal outside Bosun is seen.
            TestBed.docker("rm", "-f", box.id());
            await(engine, s -> s.containers().isEmpty(), "events followed after the restart");
        } finally {
            engine.deactivate();
            TestBed.clean(APP_ID, APP_UUID);
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
