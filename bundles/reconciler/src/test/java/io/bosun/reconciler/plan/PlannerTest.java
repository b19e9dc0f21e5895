package io.bosun.reconciler.plan;

import static io.bosun.reconciler.plan.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.target.Ipam;
import io.bosun.spi.target.NetworkConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A first case of each kind; the table of balena's cases is in the other tests of this package. */
class PlannerTest {

    @Test
    void installingAnAppTakesTheLockThenStartsEveryService() {
        Svc main = svc("main");
        AppTarget target = targetApp(List.of(main));
        CurrentApp current = currentApp(null, List.of(), List.of(), List.of(defaultNetwork()));

        List<Step> first = Planner.plan(List.of(current), List.of(target), ctx().recorded(record(main)).build());
        assertEquals(List.of("takeLock"), actions(first));

        List<Step> second = Planner.plan(List.of(current), List.of(target),
                ctx().recorded(record(main)).locked().build());
        assertEquals(List.of("start"), actions(second));
    }

    @Test
    void aSettledAppRecordsItsCommitThenReleasesItsLock() {
        Svc main = svc("main");
        AppTarget target = targetApp(List.of(main));
        CurrentApp current = currentApp(null, List.of(main.container()), List.of(), List.of(defaultNetwork()));

        List<Step> steps = Planner.plan(List.of(current), List.of(target),
                ctx().recorded(record(main)).locked().build());
        assertEquals(List.of("updateCommit", "releaseLock"), actions(steps));
    }

    @Test
    void servicesWaitWhileTheirNetworkIsRecreated() {
        Svc a = svc("a");
        Svc b = svc("b");
        AppTarget target = targetApp(List.of(a, b));
        CurrentApp current = currentApp("new-release", List.of(), List.of(), List.of(configOnlyDefaultNetwork()));

        List<Step> steps = Planner.plan(List.of(current), List.of(target),
                ctx().recorded(record(a)).recorded(record(b)).locked().build());
        assertEquals(List.of("noop", "noop", "removeNetwork"), actions(steps));
    }

    /** Regression: an {@code ipam} without pools was compared with the engine's none, and recreated forever. */
    @Test
    void anIpamWithoutPoolsIsNoChange() {
        Svc main = svc("main");
        NetworkConfig noPools = new NetworkConfig(null, null, Optional.of(new Ipam("default", List.of(), Map.of())),
                false, false, null, false);
        AppTarget target = targetApp(List.of(main), Map.of(), Map.of("default", noPools));
        CurrentApp current = currentApp("new-release", List.of(main.container()), List.of(),
                List.of(defaultNetwork()));

        List<Step> steps = Planner.plan(List.of(current), List.of(target), ctx().recorded(record(main)).build());
        assertEquals(List.of(), actions(steps), "nothing to do: the network is as the target wants it");
    }

    @Test
    void aBundleCarrierIsDownloadedButNeverRun() {
        Svc main = svc("main");
        Svc carrier = svc("bundles").label("io.bosun.bundles", "1").notReady();
        AppTarget target = targetApp(List.of(main, carrier));
        CurrentApp current = currentApp(null, List.of(main.container()), List.of(), List.of(defaultNetwork()));

        List<Step> steps = Planner.plan(List.of(current), List.of(target),
                ctx().recorded(record(main)).locked().build());
        assertEquals(List.of("fetch"), actions(steps));
    }

    @Test
    void aDownloadedBundleCarrierGetsNoContainer() {
        Svc main = svc("main");
        Svc carrier = svc("bundles").label("io.bosun.bundles", "1");
        AppTarget target = targetApp(List.of(main, carrier));
        CurrentApp current = currentApp(null, List.of(main.container()), List.of(), List.of(defaultNetwork()));

        List<Step> steps = Planner.plan(List.of(current), List.of(target),
                ctx().recorded(record(main)).recorded(record(carrier)).locked().build());
        assertEquals(List.of("updateCommit", "releaseLock"), actions(steps));
    }
}
