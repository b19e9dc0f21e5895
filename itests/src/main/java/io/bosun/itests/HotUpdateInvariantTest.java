package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The hot-update invariant: any implementation bundle can be replaced on a running device while the API serves,
 * and no other bundle is restarted or loses a service. Every bundle Bosun ships is covered automatically.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class HotUpdateInvariantTest {
    /** How long the API may take to answer again after its own bundle was replaced. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(5);

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ServiceComponentRuntime scr;

    static Stream<String> implementationBundles() {
        BundleContext context = FrameworkUtil.getBundle(HotUpdateInvariantTest.class).getBundleContext();
        List<String> names = HotUpdates.implementationBundles(context).stream().map(Bundle::getSymbolicName)
                .sorted().toList();
        if (names.size() < 3) {
            throw new AssertionError("expected codec, config and api at least, found " + names);
        }
        return names.stream();
    }

    @ParameterizedTest(name = "update {0}")
    @MethodSource("implementationBundles")
    void updatingABundleLeavesEveryOtherBundleAndServiceAlone(String symbolicName) throws Exception {
        Bundle target = HotUpdates.bosunBundles(context).stream()
                .filter(b -> b.getSymbolicName().equals(symbolicName)).findFirst().orElseThrow();
        DeviceApiHttp api = DeviceApiHttp.of(context);
        assertEquals(200, api.get("/ping").status(), "API up before the update");

        Map<String, TreeSet<Long>> servicesBefore = servicesOfOtherBundles(target);
        Map<String, TreeSet<Long>> componentsBefore = componentConfigurationsOfOtherBundles(target);
        List<String> eventsOfOthers = new CopyOnWriteArrayList<>();
        BundleListener listener = event -> {
            if (event.getBundle().getBundleId() != target.getBundleId()) {
                eventsOfOthers.add(event.getBundle().getSymbolicName() + " " + typeName(event.getType()));
            }
        };
        context.addBundleListener(listener);
        Pinger pinger = new Pinger(api);
        pinger.start();
        String marker = "hot" + System.nanoTime();
        try {
            target.update(new ByteArrayInputStream(HotUpdates.rebuild(target, marker)));
            Awaiting.until(symbolicName + "'s components are up again", RECOVERY_BOUND,
                    () -> target.getState() == Bundle.ACTIVE && HotUpdates.componentsUp(scr, target));
            Awaiting.until("the API answers /ping again", RECOVERY_BOUND, () -> api.get("/ping").status() == 200);
        } finally {
            pinger.stop();
            context.removeBundleListener(listener);
        }

        assertTrue(target.getVersion().getQualifier().endsWith(marker), "the new revision runs: "
                + target.getVersion());
        assertEquals(List.of(), eventsOfOthers, "no other bundle was stopped, started or refreshed");
        assertEquals(servicesBefore, servicesOfOtherBundles(target), "every other bundle kept its services");
        assertEquals(componentsBefore, componentConfigurationsOfOtherBundles(target),
                "no component of another bundle was deactivated");
        if (!symbolicName.equals("io.bosun.api")) {
            assertEquals(List.of(), pinger.failures(), "the API kept answering while " + symbolicName
                    + " was replaced");
        }
        assertTrue(pinger.successes() > 0, "the ping loop ran");
    }

    private Map<String, TreeSet<Long>> servicesOfOtherBundles(Bundle target) throws Exception {
        Map<String, TreeSet<Long>> services = new TreeMap<>();
        ServiceReference<?>[] all = context.getAllServiceReferences(null, null);
        for (ServiceReference<?> reference : all) {
            Bundle owner = reference.getBundle();
            if (owner == null || owner.getBundleId() == target.getBundleId() || owner.getBundleId() == 0
                    || owner.getSymbolicName().equals(HotUpdates.TESTS)) {
                continue;
            }
            services.computeIfAbsent(owner.getSymbolicName(), k -> new TreeSet<>())
                    .add((Long) reference.getProperty(Constants.SERVICE_ID));
        }
        return services;
    }

    private Map<String, TreeSet<Long>> componentConfigurationsOfOtherBundles(Bundle target) {
        Map<String, TreeSet<Long>> components = new TreeMap<>();
        for (Bundle bundle : HotUpdates.bosunBundles(context)) {
            if (bundle.getBundleId() == target.getBundleId()) {
                continue;
            }
            TreeSet<Long> ids = new TreeSet<>();
            scr.getComponentDescriptionDTOs(bundle).forEach(d -> scr.getComponentConfigurationDTOs(d).stream()
                    .filter(c -> c.state == ComponentConfigurationDTO.ACTIVE)
                    .forEach(c -> ids.add(c.id)));
            components.put(bundle.getSymbolicName(), ids);
        }
        return components;
    }

    private static String typeName(int type) {
        return switch (type) {
            case BundleEvent.STARTED -> "STARTED";
            case BundleEvent.STOPPED -> "STOPPED";
            case BundleEvent.STARTING -> "STARTING";
            case BundleEvent.STOPPING -> "STOPPING";
            case BundleEvent.UPDATED -> "UPDATED";
            case BundleEvent.RESOLVED -> "RESOLVED";
            case BundleEvent.UNRESOLVED -> "UNRESOLVED";
            default -> "event " + type;
        };
    }

    /** Asks /ping in a loop while a bundle is replaced, keeping every answer that was not 200 OK. */
    static final class Pinger {
        private final DeviceApiHttp api;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final List<Integer> successes = new CopyOnWriteArrayList<>();
        private Thread thread;

        Pinger(DeviceApiHttp api) {
            this.api = api;
        }

        void start() {
            thread = new Thread(() -> {
                while (running.get()) {
                    DeviceApiHttp.Answer answer = api.get("/ping");
                    if (answer.status() == 200 && answer.body().equals("OK")) {
                        successes.add(1);
                    } else {
                        failures.add(answer.status() + " " + answer.body());
                    }
                }
            }, "ping-loop");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }

        List<String> failures() {
            return new ArrayList<>(failures);
        }

        int successes() {
            return successes.size();
        }
    }
}
