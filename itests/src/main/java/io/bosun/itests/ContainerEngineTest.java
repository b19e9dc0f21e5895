package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import io.bosun.spi.engine.EngineListener;
import io.bosun.spi.engine.ServiceContext;
import io.bosun.spi.engine.ServiceDefinition;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The engine bundle inside the framework: embedded docker-java transport, the engine address from the
 * configuration bundle, the lock folder under BOSUN_LOCKS_DIR, and listeners called from the whiteboard.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ContainerEngineTest {
    static final long APP_ID = 7303;
    static final String APP_UUID = "itestapp7303";
    /** A carrier of files only, as a bundle image built FROM scratch is: no command, nothing to run. */
    static final String CARRIER = "bosun-test-carrier:1";

    @InjectService(timeout = 10_000)
    ContainerEngine engine;
    @InjectService(timeout = 10_000)
    io.bosun.spi.locks.UpdateLocks locks;

    @InjectService(timeout = 10_000)
    SupervisorConfig config;

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ServiceComponentRuntime scr;

    /**
     * The reconciler owns every supervised container and would remove this test's app, which no target names:
     * it is disabled while the engine is driven by hand.
     */
    @BeforeEach
    void reconcilerOff() throws Exception {
        Optional<ComponentDescriptionDTO> reconciler = reconciler();
        if (reconciler.isPresent()) {
            scr.disableComponent(reconciler.get()).getValue();
        }
    }

    private Optional<ComponentDescriptionDTO> reconciler() {
        return Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("io.bosun.reconciler"))
                .flatMap(b -> scr.getComponentDescriptionDTOs(b).stream()).findFirst();
    }

    /** The test's app goes first, then the reconciler comes back (one method: JUnit does not order them). */
    @AfterEach
    void cleanThenReconcilerOn() throws Exception {
        for (ContainerView c : engine.currentState().containers()) {
            if (c.identity().appId() == APP_ID) {
                engine.remove(c.id());
            }
        }
        engine.removeNetwork(APP_UUID, "default");
        Optional<ComponentDescriptionDTO> reconciler = reconciler();
        if (reconciler.isPresent()) {
            scr.enableComponent(reconciler.get()).getValue();
        }
    }

    @Test
    void aServiceRunsAndListenersHearOfIt() throws Exception {
        List<CurrentState> heard = new CopyOnWriteArrayList<>();
        ServiceRegistration<EngineListener> listener = context.registerService(EngineListener.class, heard::add,
                null);
        try {
            Awaiting.until("the view is in step with the engine", () -> engine.currentState().synced());
            engine.createNetwork(APP_ID, APP_UUID, "default", new NetworkConfig(null, null, null, false, false, null,
                    false));
            TargetService service = new TargetService("main", 11, 12, "bosun-test/box:1", Map.of("GREETING", "hi"),
                    Map.of(), true, Map.of(), Map.of("command", "sleep 3600"));
            String folder = locks.serviceFolder(APP_ID, "main").toString();
            ServiceContext ctx = new ServiceContext(APP_ID, APP_UUID, "itest", 13, "c0ffee", config.device().uuid(),
                    "itest-device", "generic-amd64", "amd64", "test", folder, Optional.empty(), 48484,
                    Optional.empty(), Optional.empty());
            ServiceDefinition definition = engine.define(service, ctx);
            ContainerView created = engine.create(definition);
            engine.start(created.id());

            Awaiting.until("the container runs in the view", () -> engine.currentState().containers().stream()
                    .anyMatch(c -> c.id().equals(created.id()) && c.status() == ServiceStatus.RUNNING));
            Awaiting.until("a listener heard it", () -> heard.stream().anyMatch(s -> s.containers().stream()
                    .anyMatch(c -> c.id().equals(created.id()) && c.status() == ServiceStatus.RUNNING)));
            ContainerView running = engine.currentState().containers().stream()
                    .filter(c -> c.id().equals(created.id())).findFirst().orElseThrow();
            assertEquals("main_12_13_c0ffee", running.name());
            assertEquals(definition.facts(), running.facts());
            assertTrue(Files.isDirectory(config.settings().locksDir().resolve("services/7303/main")));
            assertTrue(running.facts().mounts().contains(folder + ":/tmp/balena"), "the locks service's folder");
        } finally {
            listener.unregister();
        }
    }

    @Test
    void anImagesFilesAreReadWithoutRunningIt() throws Exception {
        Awaiting.until("the view is in step with the engine", () -> engine.currentState().synced());
        byte[] jar = {'P', 'K', 3, 4, 0, 1, (byte) 0x80, (byte) 0xff};
        byte[] text = "b, in a sub-folder\n".getBytes(StandardCharsets.UTF_8);
        try {
            Docker.importFiles(CARRIER, Map.of("bundles/a.jar", jar, "bundles/sub/b.txt", text));

            Map<String, byte[]> files = engine.readFiles(CARRIER, "/bundles", 1 << 20);
            assertEquals(Set.of("a.jar", "sub/b.txt"), files.keySet());
            assertArrayEquals(jar, files.get("a.jar"));
            assertArrayEquals(text, files.get("sub/b.txt"));

            EngineException noFolder = assertThrows(EngineException.class,
                    () -> engine.readFiles(CARRIER, "/nothing", 1 << 20));
            assertEquals(Kind.INVALID, noFolder.kind(), noFolder.getMessage());
            assertTrue(noFolder.getMessage().contains(CARRIER + " has no /nothing"), noFolder.getMessage());

            String missing = "bosun-test-carrier-missing:1";
            EngineException noImage = assertThrows(EngineException.class,
                    () -> engine.readFiles(missing, "/bundles", 1 << 20));
            assertEquals(Kind.IMAGE_NOT_FOUND, noImage.kind(), noImage.getMessage());
            assertTrue(noImage.getMessage().contains(missing), noImage.getMessage());

            EngineException tooMuch = assertThrows(EngineException.class,
                    () -> engine.readFiles(CARRIER, "/bundles", 4));
            assertEquals(Kind.INVALID, tooMuch.kind(), tooMuch.getMessage());
            assertTrue(tooMuch.getMessage().contains(CARRIER) && tooMuch.getMessage().contains("4 bytes"),
                    tooMuch.getMessage());

            assertEquals("", Docker.run("ps", "-a", "--filter", "name=bosun-carrier", "--format", "{{.Names}}"),
                    "every container read from is removed");
            assertTrue(engine.currentState().containers().stream().noneMatch(c -> c.name().contains("bosun-carrier")),
                    "the view never shows one");
        } finally {
            Docker.tryRun("rmi", "-f", CARRIER);
        }
    }
}
