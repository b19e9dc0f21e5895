package io.bosun.itests;

import static io.bosun.itests.Targets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The reconciler bundle replaced in the middle of an apply: the containers that run are left alone, and the
 * new revision finishes the apply from the stored target.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ReconcilerHotUpdateTest {
    static final long APP = 7402;
    static final String UUID = "itesthotupdate7402";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    SupervisorConfig config;
    @InjectService
    ServiceComponentRuntime scr;

    @AfterEach
    void clean() throws Exception {
        Targets.offer(current(TargetIntake.class), Targets.empty(config.device().uuid()));
        current().settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        Docker.clean(APP, UUID);
    }

    @Test
    void updatingTheReconcilerMidApplyLeavesRunningContainersAloneAndTheApplyFinishes() throws Exception {
        String box1 = Docker.image("box:1");
        List<TargetService> first = List.of(service("a", 1, 11, box1), service("b", 2, 12, box1));
        Targets.offer(current(TargetIntake.class), target(first));
        current().settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        Map<String, String> before = idsAndStarts();
        assertEquals(2, before.size());

        // More work than one cycle: a pull, then a dependency chain of three starts.
        Docker.tryRun("rmi", Docker.image("box:3"));
        List<TargetService> more = new ArrayList<>(first);
        more.add(service("c", 3, 13, Docker.image("box:3")));
        more.add(service("d", 4, 14, box1, Map.of(), Map.of("depends_on", List.of("c"))));
        more.add(service("e", 5, 15, box1, Map.of(), Map.of("depends_on", List.of("d"))));
        Targets.offer(current(TargetIntake.class), target(more));

        Bundle reconcilerBundle = HotUpdates.bosunBundles(context).stream()
                .filter(b -> b.getSymbolicName().equals("io.bosun.reconciler")).findFirst().orElseThrow();
        reconcilerBundle.update(new ByteArrayInputStream(HotUpdates.rebuild(reconcilerBundle, "mid" + System.nanoTime())));
        Awaiting.until("the new reconciler is up", Duration.ofSeconds(10),
                () -> reconcilerBundle.getState() == Bundle.ACTIVE && HotUpdates.componentsUp(scr, reconcilerBundle));

        current().settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        Map<String, String> after = idsAndStarts();
        assertEquals(List.of("a_11_1_one", "b_12_1_one", "c_13_1_one", "d_14_1_one", "e_15_1_one"),
                Docker.containers(APP));
        before.forEach((name, idAndStart) -> assertEquals(idAndStart, after.get(name),
                name + " kept its container and was not restarted"));
    }

    private TargetState target(List<TargetService> services) {
        return Targets.app(config.device().uuid(), APP, UUID, "one", 1, services);
    }

    private Reconciler current() {
        return current(Reconciler.class);
    }

    /** The service as it is now: the reconciler bundle is updated in the test, and its services with it. */
    private <T> T current(Class<T> type) {
        Awaiting.until("a " + type.getSimpleName() + " service", () -> context.getServiceReference(type) != null);
        return context.getService(context.getServiceReference(type));
    }

    private static Map<String, String> idsAndStarts() {
        Map<String, String> map = new TreeMap<>();
        for (String name : Docker.containers(APP)) {
            map.put(name, Docker.inspect(name, "{{.Id}} {{.State.StartedAt}}"));
        }
        return map;
    }
}
