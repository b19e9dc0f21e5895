package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * What the balena CLI 25 does to a device in local mode ({@code balena push <ip>}), call for call over HTTP:
 * the device checks, the local target read and posted back with its app (keyed {@code "1"}, an image built on the
 * device as {@code local_image_<service>:latest} carrying {@code io.resin.*} labels), {@code /v2/state/status}
 * polled until {@code appState} is {@code applied}, and, when a Dockerfile changes, the container removed by hand
 * and the target posted again.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class BalenaCliLocalPushTest {
    /** The CLI's app id and service id for a local push. */
    static final long APP = 1;
    static final String IMAGE = "local_image_main:latest";
    static final Pattern CONTAINER_ID = Pattern.compile("\"serviceName\":\"main\",\"appId\":1,[^}]*"
            + "\"containerId\":\"([0-9a-f]{64})\"");

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    Reconciler reconciler;
    @InjectService(timeout = 10_000)
    TargetIntake intake;
    @InjectService(timeout = 10_000)
    SupervisorConfig config;

    DeviceApiHttp api;

    @BeforeEach
    void buildOnTheDevice() throws Exception {
        api = DeviceApiHttp.of(context);
        Docker.clean(APP, Long.toString(APP));
        Docker.restoreTestImages();
        // As the CLI builds on the device's engine: every image it builds carries io.resin.local.image=1.
        Path context = Files.createTempDirectory("bosun-cli-build");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + Docker.image("box:1") + "\n"
                + "LABEL io.resin.local.image=1\nCMD [\"sleep\", \"3600\"]\n");
        Docker.run("build", "-q", "-t", IMAGE, context.toString());
        Files.delete(context.resolve("Dockerfile"));
        Files.delete(context);
    }

    @AfterEach
    void clean() throws Exception {
        Targets.offer(intake, Targets.empty(config.device().uuid()), ApplyOptions.DEFAULT);
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        Docker.clean(APP, Long.toString(APP));
        Docker.tryRun("rmi", IMAGE);
    }

    /**
     * Regressions: the CLI's first post (no {@code name}) was refused with {@code local.name: is required}, and a
     * service whose image carries {@code io.resin.*} labels was killed and recreated every ~10 s forever, so live
     * push never saw {@code applied}.
     */
    @Test
    void aPushSettlesAndStaysSettledAndARemovedContainerIsMadeAgain() throws Exception {
        assertEquals(200, api.get("/ping").status());
        assertEquals(200, api.get("/v2/version").status());
        DeviceApiHttp.Answer info = api.get("/v2/local/device-info");
        assertEquals(200, info.status(), info.body());
        DeviceApiHttp.Answer before = api.get("/v2/local/target-state");
        assertEquals(200, before.status(), before.body());
        String name = field(before.body(), "name");

        DeviceApiHttp.Answer posted = api.send("POST", "/v2/local/target-state", pushWithoutName());
        assertEquals(200, posted.status(), posted.body());
        assertEquals("{\"status\":\"success\",\"message\":\"OK\"}", posted.body());
        String first = awaitApplied();
        assertEquals(name, field(api.get("/v2/local/target-state").body(), "name"),
                "a body without a name keeps the device's");
        assertEquals("1", Docker.inspect(first, "{{index .Config.Labels \"io.resin.local.image\"}}"));
        String started = Docker.inspect(first, "{{.State.StartedAt}}");

        // A second push of the same build, then a re-plan from scratch: the container is equal and stays.
        assertEquals(200, api.send("POST", "/v2/local/target-state", pushWithoutName()).status());
        assertEquals(first, awaitApplied());
        assertEquals(204, api.send("POST", "/v1/update", "{}").status());
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        assertEquals(first, awaitApplied());
        assertEquals(started, Docker.inspect(first, "{{.State.StartedAt}}"), "never restarted");

        // A Dockerfile change: the CLI asks for the container, removes it, and posts the target again.
        DeviceApiHttp.Answer id = api.get("/v2/containerId?serviceName=main");
        assertEquals("{\"status\":\"success\",\"containerId\":\"" + first + "\"}", id.body());
        Docker.run("rm", "-f", first);
        assertEquals(200, api.send("POST", "/v2/local/target-state", pushWithoutName()).status());
        String second = awaitApplied();
        assertNotEquals(first, second, "made anew");
        assertEquals("running", Docker.inspect(second, "{{.State.Status}}"));
    }

    /** The CLI's body: the app keyed "1", the service keyed "1", its labels in the io.resin spelling. */
    private static String pushWithoutName() {
        return """
                {"local": {"config": {}, "apps": {"1": {"name": "localapp", "commit": "localrelease",
                  "releaseId": "1", "services": {"1": {"environment": {}, "labels":
                    {"io.resin.local.image": "1", "io.resin.local.service": "main"}, "imageId": 1,
                    "serviceName": "main", "serviceId": 1, "image": "%s", "running": true,
                    "stop_signal": "SIGKILL"}}, "volumes": {}, "networks": {}}}}}
                """.formatted(IMAGE);
    }

    /** Polls as the CLI's live push does, until the device says applied; answers the main container's id. */
    private String awaitApplied() {
        String[] id = new String[1];
        Awaiting.until("the push is applied", Duration.ofSeconds(60), () -> {
            String status = api.get("/v2/state/status").body();
            Matcher running = CONTAINER_ID.matcher(status);
            if (!status.contains("\"appState\":\"applied\"") || !running.find()
                    || !status.contains("\"status\":\"Running\",\"serviceName\":\"main\",\"appId\":1,")) {
                return false;
            }
            id[0] = running.group(1);
            return true;
        });
        assertTrue(Docker.inspect(id[0], "{{.State.Running}}").equals("true"));
        return id[0];
    }

    private static String field(String json, String name) {
        return DeviceApiHttp.stringField(json, name).orElseThrow(() -> new AssertionError(name + " in " + json));
    }
}
