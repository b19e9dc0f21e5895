package io.bosun.reconciler.plan;

import static io.bosun.reconciler.plan.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.engine.NetworkView;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.target.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * balena's cases of volume and network steps (spec §11.1, cases 1-9): one app's next steps, as balena's
 * {@code nextStepsForAppUpdate} and {@code stepsToRemoveApp} give them. A sequence over cycles builds each next
 * current state the way the executor would have left it.
 */
class VolumeAndNetworkStepsTest {

    private static List<String> update(CurrentApp current, AppTarget target, Ctx ctx) {
        return describe(AppPlanner.update(current, target, ctx.build()));
    }

    // --- case 1

    @Test
    void createsAVolumeTheTargetAdds() {
        CurrentApp current = currentApp("new-release", List.of(), List.of(), List.of(configOnlyDefaultNetwork()));
        AppTarget target = targetApp(List.of(), Map.of("test-volume", volumeConfig(Map.of())), Map.of());

        List<Step> steps = AppPlanner.update(current, target, ctx().build());

        assertEquals(List.of("createVolume 1 test-volume"), describe(steps));
        assertEquals(volumeConfig(Map.of()), only(steps, Step.CreateVolume.class).get(0).config());
    }

    // --- case 2

    @Test
    void removesAVolumeWhoseConfigChangedThenCreatesItWithTheNewConfig() {
        AppTarget target = targetApp(List.of(), Map.of("test-volume", volumeConfig(Map.of("test", "test"))),
                Map.of());
        CurrentApp withOldVolume = currentApp("new-release", List.of(), List.of(volume("test-volume", Map.of())),
                List.of(configOnlyDefaultNetwork()));

        List<Step> removal = AppPlanner.update(withOldVolume, target, ctx().build());
        assertEquals(List.of("removeVolume 1 test-volume"), describe(removal));
        assertEquals("1_test-volume", only(removal, Step.RemoveVolume.class).get(0).current().engineName());

        CurrentApp removed = currentApp("new-release", List.of(), List.of(), List.of(configOnlyDefaultNetwork()));
        List<Step> creation = AppPlanner.update(removed, target, ctx().build());
        assertEquals(List.of("createVolume 1 test-volume"), describe(creation));
        // balena's step also shows io.balena.supervised and io.balena.app-uuid: Bosun's volume configs hold only
        // the app's labels, and the engine adds the supervisor's when it creates the volume.
        assertEquals(Map.of("test", "test"), only(creation, Step.CreateVolume.class).get(0).config().labels());
    }

    // --- case 3

    @Test
    void killsTheDependentsOfAVolumeBeforeChangingItsConfig() {
        Svc test = svc("test").volume("test-volume");
        CurrentApp current = currentApp("new-release", List.of(test.container()),
                List.of(volume("test-volume", Map.of())), List.of(defaultNetwork()));
        AppTarget target = targetApp(List.of(test), Map.of("test-volume", volumeConfig(Map.of("test", "test"))),
                Map.of());

        assertEquals(List.of("takeLock 1 [test]"), update(current, target, ctx()));
        assertEquals(List.of("kill test@new-release"), update(current, target, ctx().locked()));
    }

    // --- case 4

    @Test
    void waitsForAStoppingServiceAndKillsTheOthersWhenRemovingAnApp() {
        CurrentApp current = currentApp("new-release",
                List.of(svc("one").container().status(ServiceStatus.STOPPING), svc("two").container()), List.of(),
                List.of(defaultNetwork()));

        List<Step> steps = AppPlanner.remove(current, ctx().locked().build());

        assertEquals(List.of("noop", "kill two@new-release"), describe(steps));
    }

    // --- case 5

    @Test
    void purgesAVolumeByKillingItsServiceThenRecreatingBoth() {
        Svc main = svc("main").image("test-image").volume("db-volume");
        AppTarget target = targetApp(List.of(main), Map.of("db-volume", volumeConfig(Map.of())), Map.of());
        // A purge first applies the app without its services, then removes its volumes, then applies the target.
        AppTarget withoutServices = target.withServices(List.of());
        CurrentApp running = currentApp("new-release", List.of(main.container()),
                List.of(volume("db-volume", Map.of())), List.of(defaultNetwork()));

        assertEquals(List.of("takeLock 1 [main]"), update(running, withoutServices, ctx()));
        assertEquals(List.of("kill main@new-release"), update(running, withoutServices, ctx().locked()));

        CurrentApp stopping = currentApp("new-release", List.of(main.container().status(ServiceStatus.STOPPING)),
                List.of(volume("db-volume", Map.of())), List.of(defaultNetwork()));
        assertEquals(List.of("noop"), update(stopping, withoutServices, ctx().locked()));

        CurrentApp serviceGone = currentApp("new-release", List.of(), List.of(volume("db-volume", Map.of())),
                List.of(defaultNetwork()));
        assertEquals(List.of(), update(serviceGone, withoutServices, ctx()));

        // The purge removed the volume: it is created first, and the service waits for it. Unlike balena, Bosun
        // asks for the lock in the same cycle, so the start comes one cycle sooner.
        CurrentApp volumeGone = currentApp("new-release", List.of(), List.of(), List.of(defaultNetwork()));
        assertEquals(List.of("takeLock 1 [main]", "noop", "createVolume 1 db-volume"),
                update(volumeGone, target, ctx()));

        assertEquals(List.of("takeLock 1 [main]"), update(serviceGone, target, ctx()));
        assertEquals(List.of("start main@new-release"), update(serviceGone, target, ctx().locked()));
    }

    // --- case 6

    @Test
    void removesANetworkTheTargetDrops() {
        CurrentApp current = currentApp("new-release", List.of(), List.of(),
                List.of(network("test-network", networkConfig(Map.of())), configOnlyDefaultNetwork()));
        AppTarget target = targetApp(List.of());

        assertEquals(List.of("removeNetwork 1 test-network"), update(current, target, ctx()));
    }

    @ParameterizedTest(name = "{0} copies")
    @ValueSource(ints = {2, 3})
    void removesADuplicatedDefaultNetworkOnce(int copies) {
        List<NetworkView> networks = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            networks.add(configOnlyDefaultNetwork());
        }
        CurrentApp current = currentApp("new-release", List.of(), List.of(), networks);

        assertEquals(List.of("removeNetwork 1 default"), update(current, targetApp(List.of()), ctx()));
    }

    @ParameterizedTest(name = "{0} copies")
    @ValueSource(ints = {2, 3})
    void removesADuplicatedNetworkOnce(int copies) {
        List<NetworkView> networks = new ArrayList<>(List.of(configOnlyDefaultNetwork()));
        for (int i = 0; i < copies; i++) {
            networks.add(network("test-network", networkConfig(Map.of())));
        }
        CurrentApp current = currentApp("new-release", List.of(), List.of(), networks);
        AppTarget target = targetApp(List.of(), Map.of(), Map.of("test-network", networkConfig(Map.of())));

        assertEquals(List.of("removeNetwork 1 test-network"), update(current, target, ctx()));
    }

    @Test
    void removesADuplicatedNetworkOnceWhenItsConfigAlsoChanges() {
        CurrentApp current = currentApp("new-release", List.of(), List.of(),
                List.of(configOnlyDefaultNetwork(), network("test-network", networkConfig(Map.of())),
                        network("test-network", networkConfig(Map.of()))));
        NetworkConfig configOnly = new NetworkConfig(null, null, null, false, false, Map.of(), true);
        AppTarget target = targetApp(List.of(), Map.of(), Map.of("test-network", configOnly));

        assertEquals(List.of("removeNetwork 1 test-network"), update(current, target, ctx()));
    }

    @Test
    void killsTheServicesOfADuplicatedNetworkBeforeRemovingIt() {
        Svc test = svc("test").networks("test-network");
        AppTarget target = targetApp(List.of(test), Map.of(), Map.of("test-network", networkConfig(Map.of())));
        List<NetworkView> duplicated = List.of(defaultNetwork(), network("test-network", networkConfig(Map.of())),
                network("test-network", networkConfig(Map.of())));
        CurrentApp running = currentApp("new-release", List.of(test.container()), List.of(), duplicated);

        assertEquals(List.of("takeLock 1 [test]"), update(running, target, ctx()));
        assertEquals(List.of("kill test@new-release"), update(running, target, ctx().locked()));

        // Bosun waits for the duplicates to go and the network to come back before starting the service
        // (balena starts it in the cycle that removes the network: a deliberate difference, docs/reconciler.md).
        CurrentApp killed = currentApp("new-release", List.of(), List.of(), duplicated);
        assertEquals(List.of("noop", "removeNetwork 1 test-network"), update(killed, target, ctx().locked()));
        CurrentApp removed = currentApp("new-release", List.of(), List.of(), List.of(defaultNetwork()));
        assertEquals(List.of("noop", "createNetwork 1 test-network"), update(removed, target, ctx().locked()));
        CurrentApp recreated = currentApp("new-release", List.of(), List.of(),
                List.of(defaultNetwork(), network("test-network", networkConfig(Map.of()))));
        assertEquals(List.of("start test@new-release"), update(recreated, target, ctx().locked()));
    }

    // --- case 7

    @Test
    void addsADefaultNetworkThatServicesJoin() {
        Svc one = svc("one").hostNetwork();
        Svc two = svc("two");
        AppTarget target = targetApp(List.of(one, two));
        assertFalse(target.networks().get("default").configOnly());

        CurrentApp current = currentApp("new-release", List.of(one.container(), two.container()), List.of(),
                List.of());
        List<Step> steps = AppPlanner.update(current, target, ctx().build());
        assertEquals(List.of("createNetwork 1 default"), describe(steps));
        assertFalse(only(steps, Step.CreateNetwork.class).get(0).config().configOnly());
    }

    @Test
    void addsAConfigOnlyDefaultNetworkWhenEveryServiceUsesTheHostNetwork() {
        Svc one = svc("one").hostNetwork();
        Svc two = svc("two").hostNetwork();
        AppTarget target = targetApp(List.of(one, two));
        assertTrue(target.networks().get("default").configOnly());

        CurrentApp current = currentApp("new-release", List.of(one.container(), two.container()), List.of(),
                List.of());
        List<Step> steps = AppPlanner.update(current, target, ctx().build());
        assertEquals(List.of("createNetwork 1 default"), describe(steps));
        assertTrue(only(steps, Step.CreateNetwork.class).get(0).config().configOnly());
    }

    @Test
    void addsAConfigOnlyDefaultNetworkToAnAppWithoutServices() {
        AppTarget target = targetApp(List.of());
        assertTrue(target.networks().get("default").configOnly());

        CurrentApp current = currentApp("new-release", List.of(), List.of(), List.of());
        List<Step> steps = AppPlanner.update(current, target, ctx().build());
        assertEquals(List.of("createNetwork 1 default"), describe(steps));
        assertTrue(only(steps, Step.CreateNetwork.class).get(0).config().configOnly());
    }

    // --- case 8

    @Test
    void killsTheDependentsOfANetworkBeforeChangingItsConfigAndStartsThemOnceItExists() {
        Svc test = svc("test").networks("test-network");
        NetworkConfig changed = networkConfig(Map.of("test", "test"));
        AppTarget target = targetApp(List.of(test), Map.of(), Map.of("test-network", changed));
        NetworkView oldNetwork = network("test-network", networkConfig(Map.of()));
        CurrentApp running = currentApp("new-release", List.of(test.container()), List.of(),
                List.of(defaultNetwork(), oldNetwork));

        assertEquals(List.of("takeLock 1 [test]"), update(running, target, ctx()));
        assertEquals(List.of("kill test@new-release"), update(running, target, ctx().locked()));

        CurrentApp killed = currentApp("new-release", List.of(), List.of(), List.of(defaultNetwork(), oldNetwork));
        assertEquals(List.of("noop", "removeNetwork 1 test-network"), update(killed, target, ctx().locked()));

        CurrentApp removed = currentApp("new-release", List.of(), List.of(), List.of(defaultNetwork()));
        List<Step> creation = AppPlanner.update(removed, target, ctx().locked().build());
        assertEquals(List.of("noop", "createNetwork 1 test-network"), describe(creation));
        assertEquals(changed, only(creation, Step.CreateNetwork.class).get(0).config());

        CurrentApp created = currentApp("new-release", List.of(), List.of(),
                List.of(defaultNetwork(), network("test-network", changed)));
        assertEquals(List.of("start test@new-release"), update(created, target, ctx().locked()));
    }

    // --- case 9

    @Test
    void fetchesFirstForServicesThatReferenceADeletedNetwork() {
        Svc test = svc("test").image("test-image").commit("old-release").release(1, 1).networks("test-network");
        Svc other = svc("other").image("other-image").commit("old-release").release(1, 1).hostNetwork();
        CurrentApp current = currentApp("old-release", List.of(test.container(), other.container()), List.of(),
                List.of(network("test-network", networkConfig(Map.of())), defaultNetwork()));
        AppTarget target = targetApp(List.of(svc("test").image("new-test-image").commit("new-commit").notReady(),
                svc("other").image("new-other-image").commit("new-commit").hostNetwork().notReady()));

        assertEquals(List.of("fetch new-test-image for test", "fetch new-other-image for other"),
                update(current, target, ctx()));
    }
}
