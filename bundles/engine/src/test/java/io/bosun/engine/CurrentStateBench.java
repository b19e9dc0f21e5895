package io.bosun.engine;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetService;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * bench/current-state.sh: what a current-state query costs with N supervised containers running, Bosun's
 * event-driven view against balena's way (list the containers, inspect each), measured in one run on the
 * test bed's engine. Not a test: it prints numbers.
 */
public final class CurrentStateBench {
    private static final long APP_ID = 7399;
    private static final String APP_UUID = "benchapp7399";

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {5, 20} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path data = Files.createTempDirectory("bosun-bench");
        TestBed.clean(APP_ID, APP_UUID);
        DockerEngine engine = TestBed.engine(data);
        try (EngineHttp http = new EngineHttp(URI.create(TestBed.get("DOCKER_HOST")))) {
            http.negotiate();
            waitFor(engine, CurrentState::synced);
            engine.createNetwork(APP_ID, APP_UUID, "default", new NetworkConfig(null, null, null, false, false, null,
                    false));
            int running = 0;
            System.out.printf("%-10s %-16s %-16s %-16s %s%n", "services", "bosun p50 (µs)", "bosun p99 (µs)",
                    "inspect p50 (ms)", "ratio (inspect/bosun, p50)");
            for (int size : sizes) {
                for (; running < size; running++) {
                    TargetService s = new TargetService("svc" + running, running + 1, 1000 + running,
                            "bosun-test/box:1", Map.of(), Map.of(), true, Map.of(), Map.of("command", "sleep 3600"));
                    ContainerView c = engine.create(engine.define(s, DockerEngineTest.context(APP_ID, APP_UUID, "b")));
                    engine.start(c.id());
                }
                int expected = size;
                waitFor(engine, st -> st.containers().stream().filter(c -> c.status() == ServiceStatus.RUNNING)
                        .count() == expected);
                double[] bosun = time(20_000, () -> statusOf(engine.currentState()));
                double[] inspect = time(30, () -> inspectAll(http));
                System.out.printf("%-10d %-16.2f %-16.2f %-16.3f %.0fx%n", size, bosun[0] * 1000, bosun[1] * 1000, inspect[0],
                        inspect[0] / bosun[0]);
            }
        } finally {
            engine.deactivate();
            TestBed.clean(APP_ID, APP_UUID);
        }
    }

    /** What /v2/state/status needs per service: name, status, image, release. */
    private static int statusOf(CurrentState state) {
        int hash = 0;
        for (ContainerView c : state.containers()) {
            hash += c.identity().serviceName().hashCode() + c.status().wireName().hashCode() + c.image().hashCode()
                    + (int) c.identity().releaseId();
        }
        return hash;
    }

    /** balena's way: list the supervised containers, then inspect every one. */
    private static int inspectAll(EngineHttp http) throws EngineException {
        int hash = 0;
        for (var summary : http.get("/containers/json?all=1&filters="
                + EngineHttp.query("{\"label\":[\"io.balena.supervised\"]}"))) {
            hash += http.get("/containers/" + summary.path("Id").asText() + "/json").path("Name").asText().hashCode();
        }
        return hash;
    }

    interface Work {
        int run() throws Exception;
    }

    /** p50 and p99 in milliseconds over n runs, after a warm-up of n/10. */
    private static double[] time(int n, Work work) throws Exception {
        int sink = 0;
        for (int i = 0; i < Math.max(1, n / 10); i++) {
            sink += work.run();
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            sink += work.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        if (sink == 42) {
            System.out.print("");
        }
        return new double[] {nanos[n / 2] / 1e6, nanos[(int) (n * 0.99)] / 1e6};
    }

    private static void waitFor(DockerEngine engine, java.util.function.Predicate<CurrentState> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.test(engine.currentState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the engine view did not get there: " + engine.currentState());
            }
            Thread.sleep(20);
        }
    }
}
