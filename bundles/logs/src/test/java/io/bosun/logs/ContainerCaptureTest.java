package io.bosun.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.engine.TestBedEngine;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineListener;
import io.bosun.spi.engine.ServiceContext;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetService;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The component against the real engine of the test bed: a service's output reaches a reader with its service
 * and streams. The engine listener the component registers by hand is handed to the engine as SCR would.
 */
class ContainerCaptureTest {
    static final long APP_ID = 7701;
    static final String APP_UUID = "logstestapp7701";
    static final String BOX = "bosun-test/box:1";

    @TempDir
    static Path data;
    static ContainerEngine engine;
    LogStreamComponent component;

    @BeforeAll
    static void openEngine() throws Exception {
        engine = TestBedEngine.open(data);
        awaitSynced();
        removeApp();
        engine.createNetwork(APP_ID, APP_UUID, "default", new NetworkConfig(null, null, null, false, false, null,
                false));
    }

    @AfterAll
    static void closeEngine() throws Exception {
        removeApp();
        TestBedEngine.close(engine);
    }

    @BeforeEach
    void activate() {
        component = new LogStreamComponent();
        component.bindEngine(engine);
        component.activate(bundleContext());
    }

    @AfterEach
    void deactivate() throws Exception {
        component.deactivate();
        for (ContainerView c : appContainers()) {
            engine.remove(c.id());
        }
    }

    @Test
    void aServicesOutputReachesAReaderWithItsServiceAndStreams() throws Exception {
        Received reader = new Received();
        component.subscribe(reader);
        ContainerView created = engine.create(engine.define(service("talker", "echo hello; echo oops >&2"),
                context()));
        engine.start(created.id());

        List<LogRecord> got = reader.await(r -> r.size() >= 2, "hello and oops");
        LogRecord hello = find(got, "hello");
        LogRecord oops = find(got, "oops");
        assertFalse(hello.stdErr());
        assertTrue(oops.stdErr());
        for (LogRecord record : List.of(hello, oops)) {
            assertFalse(record.system());
            assertEquals(Optional.of(APP_ID), record.appId());
            assertEquals(Optional.of("talker"), record.serviceName());
            assertEquals(Optional.of(501L), record.serviceId());
        }
        assertTrue(component.recent(10).containsAll(List.of(hello, oops)), "kept in the history");
    }

    @Test
    void aRestartedServiceIsFollowedAgainWithoutRepeatingItsFirstRun() throws Exception {
        Received reader = new Received();
        component.subscribe(reader);
        ContainerView created = engine.create(engine.define(service("again", "echo started"), context()));
        engine.start(created.id());
        reader.await(1);

        engine.stop(created.id());
        engine.start(created.id());
        List<LogRecord> lines = reader.await(2);
        // A follow that repeated the first run's line would pass it on before the second run's own, and with the
        // first run's engine timestamp: so the second line tells, with no wait for what might come later.
        assertEquals(List.of("started", "started"), lines.stream().map(LogRecord::message).toList());
        assertTrue(lines.get(1).timestamp().isAfter(lines.get(0).timestamp()), "each run's line once: " + lines);
    }

    /** A service that prints, then waits until it is stopped (a shell as PID 1 ignores TERM unless trapped). */
    static TargetService service(String name, String script) {
        Map<String, Object> composition = Map.of("tty", false, "command",
                List.of("sh", "-c", "trap 'exit 0' TERM; " + script + "; sleep 3600 & wait"));
        return new TargetService(name, 501, 601, BOX, Map.of(), Map.of(), true, Map.of(), composition);
    }

    static ServiceContext context() {
        return new ServiceContext(APP_ID, APP_UUID, "logs-test", 41, "abcdef1234", "testdevice", "logs-test",
                "generic-amd64", "amd64", "Bosun test OS 1.0", "/tmp/bosun-logs-test-locks",
                Optional.of("scoped-key-1"), 48484, Optional.empty(), Optional.empty());
    }

    static LogRecord find(List<LogRecord> records, String message) {
        return records.stream().filter(r -> r.message().equals(message)).findFirst()
                .orElseThrow(() -> new AssertionError(message + " not in " + records));
    }

    static List<ContainerView> appContainers() {
        return engine.currentState().containers().stream().filter(c -> c.identity().appId() == APP_ID).toList();
    }

    static void removeApp() throws EngineException {
        for (ContainerView c : appContainers()) {
            engine.remove(c.id());
        }
        engine.removeNetwork(APP_UUID, "default");
    }

    static void awaitSynced() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!engine.currentState().synced()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the engine's view is not in step within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** A bundle context that only registers the engine listener, with the engine, as the whiteboard would. */
    static BundleContext bundleContext() {
        return (BundleContext) Proxy.newProxyInstance(ContainerCaptureTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerService") || args[0] != EngineListener.class) {
                        throw new UnsupportedOperationException(method.toString());
                    }
                    EngineListener listener = (EngineListener) args[1];
                    TestBedEngine.addListener(engine, listener);
                    return registration(listener);
                });
    }

    static ServiceRegistration<?> registration(EngineListener listener) {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(ContainerCaptureTest.class.getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("unregister")) {
                        throw new UnsupportedOperationException(method.toString());
                    }
                    TestBedEngine.removeListener(engine, listener);
                    return null;
                });
    }
}
