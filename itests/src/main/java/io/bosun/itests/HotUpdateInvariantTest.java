package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.reconcile.Reconciler;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * The hot-update invariant: any implementation bundle can be replaced on a running device while the API serves
 * and an app runs; no other bundle is restarted or loses a service, and the app's container is never touched.
 * Every bundle Bosun ships is covered automatically. Besides {@code /ping}, a keyed route that needs the
 * configuration, the intake, the engine and the reconciler ({@code /v2/state/status}) is called throughout: it
 * answers 200, or 503 while a part it needs is away, never 401 or anything else.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class HotUpdateInvariantTest {
    /** How long the API may take to answer again after its own bundle was replaced. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(5);
    static final long APP = 7961;
    static final String CONTAINER = "main_11_1_hot";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    static TargetIntake intake;
    @InjectService(timeout = 10_000)
    static Reconciler reconciler;
    @InjectService(timeout = 10_000)
    static SupervisorConfig config;

    /** The app's container as it was started, which no update may restart: its id and start time. */
    static String running;

    @BeforeAll
    static void runAnApp() throws Exception {
        Docker.clean(APP, Long.toString(APP));
        Targets.offer(intake, Targets.app(config.device().uuid(), APP, Long.toString(APP), "hot", 1,
                List.of(Targets.service("main", 1, 11, Docker.image("box:1")))));
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        running = Docker.inspect(CONTAINER, "{{.Id}} {{.State.StartedAt}}");
    }

    @AfterAll
    static void removeTheApp() throws Exception {
        // The services were replaced by the updates: look them up again.
        BundleContext context = FrameworkUtil.getBundle(HotUpdateInvariantTest.class).getBundleContext();
        TargetIntake current = context.getService(context.getServiceReference(TargetIntake.class));
        Reconciler loop = context.getService(context.getServiceReference(Reconciler.class));
        Targets.offer(current, Targets.empty(config.device().uuid()));
        loop.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        Docker.clean(APP, Long.toString(APP));
    }

    static Stream<String> implementationBundles() {
        BundleContext context = FrameworkUtil.getBundle(HotUpdateInvariantTest.class).getBundleContext();
        List<String> names = HotUpdates.implementationBundles(context).stream().map(Bundle::getSymbolicName)
                .sorted().toList();
        if (names.size() < 3) {
            throw new AssertionError("expected codec, config and api at least, found " + names);
        }
        return names.stream();
    }

    /** Every implementation bundle the updater replaces live: all but the updater itself (docs/updater.md). */
    static Stream<String> liveUpdatableBundles() {
        return implementationBundles().filter(name -> !name.equals("io.bosun.updater")
                && !name.startsWith("io.bosun.example."));
    }

    @ParameterizedTest(name = "update {0}")
    @MethodSource("implementationBundles")
    void updatingABundleLeavesEveryOtherBundleAndServiceAlone(String symbolicName) throws Exception {
        assertReplacedAlone(symbolicName, (target, rebuilt, api) -> target.update(new ByteArrayInputStream(rebuilt)));
    }

    /** The same through the updater, as an operator does it: the device API's upload, held to the health gate. */
    @ParameterizedTest(name = "upload {0}")
    @MethodSource("liveUpdatableBundles")
    void uploadingABundleToTheUpdaterLeavesEveryOtherBundleAndServiceAlone(String symbolicName) throws Exception {
        assertReplacedAlone(symbolicName, (target, rebuilt, api) -> {
            DeviceApiHttp.Answer answer = api.send("POST", "/v2/bundles", BundleUpdatesTest.JAR, rebuilt);
            assertEquals(202, answer.status(), answer.body());
            com.fasterxml.jackson.databind.JsonNode update = BundleUpdatesTest.awaitSettled(api);
            assertEquals("committed", update.path("state").asText(), update.toString());
        });
    }

    /** How a test replaces the bundle with its rebuilt copy. */
    @FunctionalInterface
    interface Replacement {
        void replace(Bundle target, byte[] rebuilt, DeviceApiHttp api) throws Exception;
    }

    private void assertReplacedAlone(String symbolicName, Replacement replacement) throws Exception {
        Bundle target = HotUpdates.bosunBundles(context).stream()
                .filter(b -> b.getSymbolicName().equals(symbolicName)).findFirst().orElseThrow();
        DeviceApiHttp api = DeviceApiHttp.of(context);
        assertEquals(200, api.get("/ping").status(), "API up before the update");

        Map<String, TreeSet<Long>> servicesBefore = servicesOfOtherBundles(target);
        Map<String, TreeSet<Long>> componentsBefore = componentConfigurationsOfOtherBundles(target);
        List<String> eventsOfOthers = new CopyOnWriteArrayList<>();
        BundleListener listener = event -> {
            // The updater's probe of the new jar (installed beside, resolved, uninstalled, never started) is no
            // other bundle of the device.
            boolean probe = event.getBundle().getLocation().startsWith("bosun:probe:");
            if (event.getBundle().getBundleId() != target.getBundleId() && !probe) {
                eventsOfOthers.add(event.getBundle().getSymbolicName() + " " + typeName(event.getType()));
            }
        };
        context.addBundleListener(listener);
        Pinger pinger = new Pinger(api, "/ping", Set.of(200));
        Pinger status = new Pinger(api, "/v2/state/status", Set.of(200, 503));
        pinger.start();
        status.start();
        String marker = "hot" + System.nanoTime();
        try {
            replacement.replace(target, HotUpdates.rebuild(target, marker), api);
            Awaiting.until(symbolicName + "'s components are up again", RECOVERY_BOUND,
                    () -> target.getState() == Bundle.ACTIVE && HotUpdates.componentsUp(scr, target));
            Awaiting.until("the API answers /ping again", RECOVERY_BOUND, () -> api.get("/ping").status() == 200);
        } finally {
            pinger.stop();
            status.stop();
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
            assertEquals(List.of(), status.failures(), "the keyed route answered 200 or 503 while " + symbolicName
                    + " was replaced");
        }
        assertTrue(pinger.successes() > 0, "the ping loop ran");
        Awaiting.until("the status route answers again", RECOVERY_BOUND,
                () -> api.get("/v2/state/status").status() == 200);
        assertEquals(running, Docker.inspect(CONTAINER, "{{.Id}} {{.State.StartedAt}}"),
                "the app's container was not touched");
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

    /** Asks one route in a loop while a bundle is replaced, keeping every answer of another status. */
    static final class Pinger {
        private final DeviceApiHttp api;
        private final String path;
        private final Set<Integer> allowed;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final List<Integer> successes = new CopyOnWriteArrayList<>();
        private Thread thread;

        Pinger(DeviceApiHttp api, String path, Set<Integer> allowed) {
            this.api = api;
            this.path = path;
            this.allowed = allowed;
        }

        void start() {
            thread = new Thread(() -> {
                while (running.get()) {
                    DeviceApiHttp.Answer answer = api.get(path);
                    if (allowed.contains(answer.status())) {
                        successes.add(1);
                    } else {
                        failures.add(answer.status() + " " + answer.body());
                    }
                }
            }, "loop " + path);
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
