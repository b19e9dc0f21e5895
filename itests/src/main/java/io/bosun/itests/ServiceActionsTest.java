package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.target.TargetState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * One service's actions and the app and device views over HTTP on an unmanaged device (auth off): v1
 * {@code apps/:appId} stop, start and read, v2 {@code *-service}, {@code /v1/device}, the v2 app states and
 * {@code cleanup-volumes} (spec §5.2, §11.4 cases 46, 50, 51).
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ServiceActionsTest {
    static final long APP = 7811;
    /** An app that is not in the target: its volume is an orphan. */
    static final long GONE_APP = 7812;
    static final String CONTAINER = "server_11_1_deadbeef";
    /** A second app, whose own lock and pending update must not touch the actions on {@link #APP}. */
    static final long OTHER_APP = 7813;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    Reconciler reconciler;
    @InjectService(timeout = 10_000)
    TargetIntake intake;
    @InjectService(timeout = 10_000)
    SupervisorConfig config;
    @InjectService(timeout = 10_000)
    ContainerEngine engine;

    DeviceApiHttp api;

    @BeforeEach
    void up() throws Exception {
        api = DeviceApiHttp.of(context);
        Docker.clean(APP, Long.toString(APP));
        Docker.clean(GONE_APP, Long.toString(GONE_APP));
        postTargetAndSettle();
    }

    @AfterEach
    void down() throws Exception {
        // A user lock left behind would hold off the removal of the app.
        Files.deleteIfExists(lockFile());
        Files.deleteIfExists(otherLockFile());
        Targets.offer(intake, Targets.empty(config.device().uuid()), ApplyOptions.DEFAULT);
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        Docker.clean(APP, Long.toString(APP));
        Docker.clean(GONE_APP, Long.toString(GONE_APP));
        Docker.clean(OTHER_APP, Long.toString(OTHER_APP));
    }

    private Path otherLockFile() {
        return config.settings().locksDir().resolve("services/" + OTHER_APP + "/other/updates.lock");
    }

    private Path lockFile() {
        return config.settings().locksDir().resolve("services/" + APP + "/server/updates.lock");
    }

    private void postTargetAndSettle() throws Exception {
        String target = """
                {"local": {"name": "actions-device", "config": {}, "apps": {"%d": {"name": "actions-app",
                  "commit": "deadbeef", "releaseId": 1, "services": {
                    "1": {"serviceName": "server", "imageId": 11, "image": "%s", "environment": {"MINE": "x"},
                          "labels": {}, "command": "sleep 3600", "stop_signal": "SIGKILL",
                          "volumes": ["data:/data"]}},
                  "volumes": {"data": {}}, "networks": {}}}}}
                """.formatted(APP, Docker.image("box:1"));
        DeviceApiHttp.Answer answer = api.send("POST", "/v2/local/target-state", target);
        assertEquals(200, answer.status(), answer.body());
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        assertEquals("running", state());
    }

    private static String id() {
        return Docker.inspect(CONTAINER, "{{.Id}}");
    }

    private static String state() {
        return Docker.inspect(CONTAINER, "{{.State.Status}}");
    }

    private void assertAnswer(int status, String body, DeviceApiHttp.Answer answer) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(body, answer.body());
    }

    @Test
    void v1StopAndStartKeepTheContainerAndNameIt() throws Exception {
        String id = id();

        assertAnswer(200, "{\"containerId\":\"" + id + "\"}", api.send("POST", "/v1/apps/" + APP + "/stop", "{}"));
        assertEquals("exited", state());
        // A whole plan over the stored target, not a wait: a planner that restarted it would do so in this run.
        assertTrue(reconciler.reapply(ApplyOptions.DEFAULT));
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        assertEquals("exited", state(), "the reconciler leaves a container stopped on purpose");

        assertAnswer(200, "{\"containerId\":\"" + id + "\"}", api.send("POST", "/v1/apps/" + APP + "/start", "{}"));
        assertEquals("running", state());
        assertEquals(id, id());
    }

    @Test
    void v1ReadShowsTheContainerTheEngineImageAndTheEnvironmentWithoutKeys() {
        DeviceApiHttp.Answer answer = api.get("/v1/apps/" + APP);

        assertEquals(200, answer.status(), answer.body());
        String body = answer.body();
        assertTrue(body.startsWith("{\"appId\":" + APP + ",\"commit\":\"deadbeef\",\"containerId\":\"" + id()
                + "\",\"env\":{"), body);
        assertTrue(body.contains("\"BALENA_APP_ID\":\"" + APP + "\""), body);
        assertTrue(body.contains("\"BALENA_SERVICE_NAME\":\"server\""), body);
        assertTrue(body.contains("\"MINE\":\"x\""), body);
        assertFalse(body.contains("API_KEY"), body);
        String imageId = Docker.inspect(CONTAINER, "{{.Image}}");
        assertTrue(body.endsWith("},\"imageId\":\"" + imageId + "\",\"releaseId\":1}"), body);
    }

    @Test
    void restartServiceMakesTheServiceAnew() {
        String before = id();

        assertAnswer(200, "OK", api.send("POST", "/v2/applications/" + APP + "/restart-service",
                "{\"serviceName\":\"server\"}"));

        assertNotEquals(before, id());
        assertEquals("running", state());
        assertEquals(List.of(CONTAINER), Docker.containers(APP));
    }

    /**
     * Regression: restart, purge and restart-service ran as device-wide applies, so another app's user lock (or
     * download) refused or held them back. They act on their own app only.
     */
    @Test
    void anotherAppsLockAndPendingUpdateNeitherBlockNorDelayTheActionsOfAnApp() throws Exception {
        DeviceApiHttp.Answer posted = api.send("POST", "/v2/local/target-state", twoApps("one"));
        assertEquals(200, posted.status(), posted.body());
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        String other = Docker.inspect("other_21_1_cafe", "{{.Id}}");
        Files.createDirectories(otherLockFile().getParent());
        Files.writeString(otherLockFile(), "");
        // The other app's update waits for its lock, for good.
        assertEquals(200, api.send("POST", "/v2/local/target-state", twoApps("two")).status());
        Awaiting.until("the other app waits for its lock", () -> reconciler.apps().stream()
                .anyMatch(a -> a.appId() == OTHER_APP && a.phase() == io.bosun.spi.reconcile.AppPhase.LOCKED));

        String before = id();
        assertAnswer(200, "OK", api.send("POST", "/v2/applications/" + APP + "/restart-service",
                "{\"serviceName\":\"server\"}"));
        String restarted = id();
        assertNotEquals(before, restarted);
        assertAnswer(200, "OK", api.send("POST", "/v1/restart", "{\"appId\":" + APP + "}"));
        assertNotEquals(restarted, id());
        assertAnswer(200, "{\"Data\":\"OK\",\"Error\":\"\"}", api.send("POST", "/v1/purge",
                "{\"appId\":" + APP + "}"));
        assertEquals("running", state());
        assertEquals(other, Docker.inspect("other_21_1_cafe", "{{.Id}}"), "the locked app is left alone");
        assertEquals("one", Docker.inspect("other_21_1_cafe",
                "{{range .Config.Env}}{{if eq . \"VERSION=one\"}}one{{end}}{{end}}"), "and not updated");
    }

    /** {@link #APP} as in every test, and {@link #OTHER_APP} whose environment gives its version. */
    private String twoApps(String otherVersion) {
        return """
                {"local": {"name": "actions-device", "config": {}, "apps": {"%d": {"name": "actions-app",
                  "commit": "deadbeef", "releaseId": 1, "services": {
                    "1": {"serviceName": "server", "imageId": 11, "image": "%s", "environment": {"MINE": "x"},
                          "labels": {}, "command": "sleep 3600", "stop_signal": "SIGKILL",
                          "volumes": ["data:/data"]}},
                  "volumes": {"data": {}}, "networks": {}},
                  "%d": {"name": "other-app", "commit": "cafe", "releaseId": 1, "services": {
                    "2": {"serviceName": "other", "imageId": 21, "image": "%s", "environment": {"VERSION": "%s"},
                          "labels": {}, "command": "sleep 3600", "stop_signal": "SIGKILL"}},
                  "volumes": {}, "networks": {}}}}}
                """.formatted(APP, Docker.image("box:1"), OTHER_APP, Docker.image("box:1"), otherVersion);
    }

    @Test
    void stopServiceAndStartServiceKeepTheContainer() {
        String id = id();

        assertAnswer(200, "OK", api.send("POST", "/v2/applications/" + APP + "/stop-service",
                "{\"serviceName\":\"server\"}"));
        assertEquals("exited", state());

        assertAnswer(200, "OK", api.send("POST", "/v2/applications/" + APP + "/start-service",
                "{\"imageId\":\"11\"}"));
        assertEquals("running", state());
        assertEquals(id, id());

        assertAnswer(200, "OK", api.send("POST", "/v2/applications/" + APP + "/stop-service", ""));
        assertEquals("exited", state(), "a single-service app needs no name");
    }

    @Test
    void aUserLockAnswers423AndForceStopsAnyway() throws Exception {
        Files.write(lockFile(), new byte[0]);

        DeviceApiHttp.Answer locked = api.send("POST", "/v2/applications/" + APP + "/stop-service",
                "{\"serviceName\":\"server\"}");
        assertEquals(423, locked.status(), locked.body());
        assertTrue(locked.body().contains("Lockfile exists"), locked.body());
        assertEquals(423, api.send("POST", "/v1/apps/" + APP + "/stop", "{}").status());
        assertEquals(423, api.send("POST", "/v2/applications/" + APP + "/restart-service", "{}").status());
        assertEquals("running", state(), "not touched while locked");

        assertAnswer(200, "OK", api.send("POST", "/v2/applications/" + APP + "/stop-service",
                "{\"serviceName\":\"server\",\"force\":true}"));
        assertEquals("exited", state());
        assertFalse(Files.exists(lockFile()), "a forced lock is released with the supervisor's");

        Files.write(lockFile(), new byte[0]);
        String before = id();
        assertAnswer(200, "OK", api.send("POST", "/v2/applications/" + APP + "/restart-service",
                "{\"serviceName\":\"server\",\"force\":true}"));
        assertNotEquals(before, id());
        assertEquals("running", state());
        try (var files = Files.list(lockFile().getParent())) {
            assertEquals(List.of(), files.toList(), "the lock folder is left empty");
        }
    }

    @Test
    void faultsAnswerInBalenasWords() throws Exception {
        assertAnswer(400, "Invalid app id", api.send("POST", "/v1/apps/abc/stop", "{}"));
        assertAnswer(400, "{\"status\":\"failed\",\"message\":\"Invalid app id\"}",
                api.send("POST", "/v2/applications/abc/stop-service", "{}"));
        assertAnswer(404, "Service not found, a container must exist for this endpoint to work",
                api.send("POST", "/v2/applications/" + APP + "/stop-service", "{\"serviceName\":\"nothing\"}"));
        DeviceApiHttp.Answer noApp = api.send("POST", "/v2/applications/999999/restart-service", "{}");
        assertEquals(404, noApp.status(), noApp.body());
        assertTrue(noApp.body().startsWith("App not found: an app needs to be installed"), noApp.body());
        assertEquals(400, api.send("POST", "/v1/apps/999999/stop", "{}").status(), "v1 keeps balena's 400");
        assertAnswer(400, "App not found", api.get("/v1/apps/999999"));
        assertAnswer(409, "{\"status\":\"failed\",\"message\":\"Application ID does not exist: 999999\"}",
                api.get("/v2/applications/999999/state"));

        // A release whose one service cannot be downloaded: while the device waits for its image, the running
        // container has nothing in the target to come back as.
        TargetState applied = intake.stored(TargetIntake.LOCAL).orElseThrow();
        Targets.offer(intake, Targets.app(config.device().uuid(), APP, Long.toString(APP), "deadbeef", 1,
                List.of(Targets.service("other", 2, 22, Targets.UNREACHABLE_IMAGE))));
        try {
            assertAnswer(404, "Service does not exist in target release",
                    api.send("POST", "/v1/apps/" + APP + "/stop", "{}"));
        } finally {
            Targets.offer(intake, applied);
            reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        }
        assertEquals("running", state());
    }

    @Test
    void theDeviceReportsItsHostItsVersionAndItsUpdateState() throws Exception {
        // Any engine event (also of another run on a shared engine) has the reconciler check the device once more,
        // which reports an update pending for that moment.
        String[] last = new String[1];
        Awaiting.until("the device reports no update pending", () -> {
            DeviceApiHttp.Answer answer = api.get("/v1/device");
            last[0] = answer.body();
            return answer.status() == 200 && answer.body().contains("\"update_pending\":false");
        });
        String body = last[0];
        assertTrue(body.startsWith("{\"api_port\":" + config.settings().apiPort() + ",\"ip_address\":\""), body);
        assertTrue(body.contains(",\"supervisor_version\":\"" + config.version() + "\",\"update_pending\":false,"
                + "\"update_failed\":false,\"update_downloaded\":false"), body);
        String prettyName = Files.readAllLines(Path.of("/etc/os-release")).stream()
                .filter(l -> l.startsWith("PRETTY_NAME=")).findFirst().orElseThrow()
                .substring("PRETTY_NAME=".length()).replace("\"", "");
        assertTrue(body.contains("\"os_version\":\"" + prettyName + "\""), body);
        if (onlyOurContainers()) {
            assertTrue(body.endsWith(",\"commit\":\"deadbeef\",\"status\":\"Idle\",\"download_progress\":null}"),
                    body);
        }
    }

    /** The engine may be shared with other test runs; the first app is ours only if no other app runs. */
    private static boolean onlyOurContainers() {
        String apps = Docker.run("ps", "-a", "--filter", "label=io.balena.supervised", "--format",
                "{{.Label \"io.balena.app-id\"}}");
        return Arrays.stream(apps.split("\n")).allMatch(a -> a.equals(Long.toString(APP)));
    }

    @Test
    void anUpdateAppliesTheStoredTargetAgain() throws Exception {
        DeviceApiHttp.Answer answer = api.send("POST", "/v1/update", "{\"force\":true}");

        assertEquals(204, answer.status(), answer.body());
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        assertEquals("running", state());
    }

    @Test
    void theAppStatesShowTheTargetAppAndItsServices() {
        assertAnswer(200, "{\"actions-app\":{\"appId\":" + APP + ",\"appUuid\":\"" + APP + "\","
                + "\"commit\":\"deadbeef\",\"updateStatus\":\"done\",\"services\":{\"server\":{"
                + "\"status\":\"Running\",\"image\":\"" + Docker.image("box:1") + "\","
                + "\"downloadProgress\":null,\"releaseId\":1}}}}",
                api.get("/v2/applications/state"));
        assertAnswer(200, "{\"commit\":\"deadbeef\",\"local\":{\"" + APP + "\":{\"services\":{\"11\":{"
                + "\"status\":\"Running\",\"releaseId\":1,\"download_progress\":null}}}}}",
                api.get("/v2/applications/" + APP + "/state"));
    }

    @Test
    void cleanupVolumesRemovesOrphansAndKeepsWhatTheTargetUses() {
        Docker.run("volume", "create", "--label", "io.balena.supervised=true", GONE_APP + "_orphan");
        Docker.run("volume", "create", "--label", "io.balena.supervised=true", APP + "_dropped");
        Awaiting.until("the engine view shows the new volumes", Duration.ofSeconds(10),
                () -> engine.currentState().volumes().stream()
                        .filter(v -> v.engineName().equals(GONE_APP + "_orphan")
                                || v.engineName().equals(APP + "_dropped"))
                        .count() == 2);

        assertAnswer(200, "{\"status\":\"success\"}", api.get("/v2/cleanup-volumes"));

        List<String> volumes = List.of(Docker.run("volume", "ls", "-q", "--filter", "name=^" + APP + "_",
                "--filter", "name=^" + GONE_APP + "_").split("\n"));
        assertEquals(List.of(APP + "_data"), volumes, "the target's volume stays, the orphans go");
    }
}
