package io.bosun.itests;

import static io.bosun.itests.Targets.service;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.EngineListener;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.target.TargetService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Benchmark, not a test (run by bench/reconcile.sh, skipped otherwise): the time from handing the reconciler a
 * target of N services whose image is on the device until all N run, beside the time plain {@code docker network
 * create} and {@code docker run -d} take for the same containers started in parallel, in the same run. Prints
 * lines starting with BENCH.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
@EnabledIfEnvironmentVariable(named = "BOSUN_BENCH", matches = "1",
        disabledReason = "[bench] a benchmark: bench/reconcile.sh runs it with BOSUN_BENCH=1")
class ReconcileBench {
    static final long APP = 7499;
    static final String UUID = "benchreconcile7499";
    static final int ROUNDS = 3;
    static final String PLAIN_NETWORK = "bench_plain_net";

    @InjectService(timeout = 10_000)
    Reconciler reconciler;
    @InjectService(timeout = 10_000)
    TargetIntake intake;
    @InjectService(timeout = 10_000)
    ContainerEngine engine;
    @InjectService(timeout = 10_000)
    SupervisorConfig config;
    @InjectBundleContext
    BundleContext context;

    @Test
    void timeToRunningAgainstPlainDockerRun() throws Exception {
        String image = Docker.image("box:1");
        Docker.tryRun("pull", image);
        System.out.println("BENCH services | bosun ms (median of " + ROUNDS + ") | docker run -d ms | ratio");
        for (int n : new int[] {1, 5, 20}) {
            long[] bosun = new long[ROUNDS];
            long[] docker = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                bosun[round] = bosunRun(n, image);
                docker[round] = dockerRun(n, image);
            }
            double b = median(bosun) / 1e6;
            double d = median(docker) / 1e6;
            System.out.printf("BENCH %8d | %8.0f | %8.0f | %.2f%n", n, b, d, b / d);
        }
    }

    private long bosunRun(int n, String image) throws Exception {
        List<TargetService> services = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            services.add(service("s" + i, i + 1, 100 + i, image));
        }
        CountDownLatch allRunning = new CountDownLatch(1);
        EngineListener watcher = (CurrentState state) -> {
            long running = state.containers().stream()
                    .filter(c -> c.identity().appId() == APP && c.status() == ServiceStatus.RUNNING).count();
            if (running == n) {
                allRunning.countDown();
            }
        };
        ServiceRegistration<EngineListener> reg = context.registerService(EngineListener.class, watcher, null);
        try {
            long start = System.nanoTime();
            Targets.offer(intake, Targets.app(config.device().uuid(), APP, UUID, "bench", 1, services),
                    ApplyOptions.DEFAULT);
            if (!allRunning.await(120, TimeUnit.SECONDS)) {
                throw new AssertionError("not all running: " + reconciler.status());
            }
            long elapsed = System.nanoTime() - start;
            reconciler.settled().toCompletableFuture().get(120, TimeUnit.SECONDS);
            return elapsed;
        } finally {
            reg.unregister();
            Targets.offer(intake, Targets.empty(config.device().uuid()), ApplyOptions.DEFAULT);
            reconciler.settled().toCompletableFuture().get(120, TimeUnit.SECONDS);
            Docker.clean(APP, UUID);
        }
    }

    /**
     * The same containers by hand: a fresh user network (Bosun creates the app's; this engine may also run without
     * the default bridge), then every {@code docker run -d} at once.
     */
    private long dockerRun(int n, String image) throws Exception {
        List<Process> processes = new ArrayList<>();
        long start = System.nanoTime();
        Docker.run("network", "create", PLAIN_NETWORK);
        for (int i = 0; i < n; i++) {
            ProcessBuilder pb = new ProcessBuilder(Docker.env("BOSUN_DOCKER_CLI"), "run", "-d", "--name",
                    "bench_plain_" + i, "--network", PLAIN_NETWORK, image, "sleep", "3600")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DOCKER_HOST", Docker.env("DOCKER_HOST"));
            pb.environment().put("DOCKER_API_VERSION", Docker.env("DOCKER_API_VERSION"));
            processes.add(pb.start());
        }
        for (Process p : processes) {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("docker run failed");
            }
        }
        long elapsed = System.nanoTime() - start;
        for (int i = 0; i < n; i++) {
            Docker.tryRun("rm", "-f", "bench_plain_" + i);
        }
        Docker.tryRun("network", "rm", PLAIN_NETWORK);
        return elapsed;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
