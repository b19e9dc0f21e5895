package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.itests.DeviceApiHttp.Answer;
import io.bosun.itests.LocalLogsTest.LogReader;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.host.HostControl;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.target.TargetState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Every route's answers over HTTP that the other in-framework tests leave out, each as docs/api.md gives it, on
 * an unmanaged device (auth off; the auth matrix is the systests' {@code ApiAuthTest}). One single-service app
 * (a ticker with a volume) and one two-service app are set up once for the whole class.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class DeviceApiEndpointsTest {
    static final long APP = 7841;
    static final long MULTI = 7842;
    static final long UNKNOWN = 999999;
    static final String LONE = "lone_41_1_feedface";
    static final String ALPHA = "alpha_51_2_feedface";
    static final String BETA = "beta_52_2_feedface";
    static final int TEN_MB = 10 * 1024 * 1024;

    static final String NAME_THE_SERVICE = "serviceName or imageId parameters were not provided or the app is "
            + "multi-container. Use the v2 service action endpoints.";
    static final String APP_NOT_FOUND = "App not found: an app needs to be installed for this endpoint to work.\n"
            + "\tIf you've recently moved this device from another app,\n"
            + "\tplease push an app and wait for it to be installed first.";
    static final String SERVICE_NOT_FOUND = "Service not found, a container must exist for this endpoint to work";
    static final String NOT_IN_TARGET = "Service does not exist in target release";
    static final String INVALID_APP_ID = failed("Invalid app id");
    static final String LONE_LOCKED = "Lockfile exists for { appId: " + APP + ", service: lone }";
    static final String HOST_ACCEPTED = "{\"Data\":\"OK\",\"Error\":null}";

    @InjectBundleContext
    static BundleContext context;
    @InjectService(timeout = 10_000)
    static Reconciler reconciler;
    @InjectService(timeout = 10_000)
    static TargetIntake intake;
    @InjectService(timeout = 10_000)
    static RecordStore records;
    @InjectService(timeout = 10_000)
    static SupervisorConfig config;
    @InjectService(timeout = 10_000)
    static ApiKeys keys;
    @InjectService(timeout = 10_000)
    static ServiceComponentRuntime scr;

    static DeviceApiHttp api;

    @BeforeAll
    static void deployTheApps() throws Exception {
        api = DeviceApiHttp.of(context);
        Docker.clean(APP, Long.toString(APP));
        Docker.clean(MULTI, Long.toString(MULTI));
        String target = """
                {"local": {"name": "endpoints-device", "config": {}, "apps": {
                  "%d": {"name": "endpoints-lone", "commit": "feedface", "releaseId": 1, "services": {
                    "1": {"serviceName": "lone", "imageId": 41, "image": "%s", "environment": {}, "labels": {},
                          "command": ["sh", "-c", "while true; do echo tick; sleep 0.5; done"],
                          "stop_signal": "SIGKILL", "volumes": ["data:/data"]}},
                    "volumes": {"data": {}}, "networks": {}},
                  "%d": {"name": "endpoints-multi", "commit": "feedface", "releaseId": 2, "services": {
                    "2": {"serviceName": "alpha", "imageId": 51, "image": "%s", "environment": {}, "labels": {},
                          "command": "sleep 3600", "stop_signal": "SIGKILL"},
                    "3": {"serviceName": "beta", "imageId": 52, "image": "%s", "environment": {}, "labels": {},
                          "command": "sleep 3600", "stop_signal": "SIGKILL"}},
                    "volumes": {}, "networks": {}}}}}
                """.formatted(APP, Docker.image("box:1"), MULTI, Docker.image("box:1"), Docker.image("box:1"));
        assertAnswer(200, "{\"status\":\"success\",\"message\":\"OK\"}",
                api.send("POST", "/v2/local/target-state", target));
        settle();
        for (String container : List.of(LONE, ALPHA, BETA)) {
            assertEquals("running", state(container), container);
        }
    }

    @AfterEach
    void putTheAppsBack() throws IOException {
        for (Path lock : List.of(lockFile(APP, "lone"), lockFile(MULTI, "alpha"), lockFile(MULTI, "beta"))) {
            Files.deleteIfExists(lock);
        }
        // No runnable reboot or shutdown script outlives the test that wrote it.
        for (String variable : List.of("BOSUN_REBOOT_COMMAND", "BOSUN_SHUTDOWN_COMMAND")) {
            Path command = Path.of(env(variable));
            Files.deleteIfExists(command);
            Files.deleteIfExists(ran(command));
        }
        // A test that failed half-way must not leave a container stopped for the next one.
        for (String container : List.of(LONE, ALPHA, BETA)) {
            if (Docker.tryRun("inspect", "--format", "{{.State.Status}}", container).output().equals("exited")) {
                Docker.run("start", container);
            }
        }
    }

    @AfterAll
    static void removeTheApps() throws Exception {
        Targets.offer(intake, Targets.empty(config.device().uuid()), ApplyOptions.DEFAULT);
        settle();
        Docker.clean(APP, Long.toString(APP));
        Docker.clean(MULTI, Long.toString(MULTI));
    }

    // --- restart and purge ---

    @Test
    void restartAndPurgeWithoutAnAppIdAnswer400InBalenasWords() {
        assertAnswer(400, "Missing app id", api.send("POST", "/v1/restart", "{}"));
        assertAnswer(400, "Missing app id", api.send("POST", "/v1/restart", "{\"appId\":\"abc\"}"));
        assertAnswer(400, "Invalid or missing appId", api.send("POST", "/v1/purge", "{}"));
        assertAnswer(400, "Invalid or missing appId", api.send("POST", "/v1/purge", "{\"appId\":true}"));
        assertAnswer(400, failed("Missing app id"), api.send("POST", "/v2/applications/abc/restart", "{}"));
        assertAnswer(400, failed("Missing app id"), api.send("POST", "/v2/applications/abc/purge", "{}"));
    }

    @Test
    void restartAndPurgeOfAnAppNotOnTheDeviceAnswer503() {
        String notThere = failed("Application with ID " + UNKNOWN + " is not in the current state");
        assertAnswer(503, notThere, api.send("POST", "/v1/purge", "{\"appId\":" + UNKNOWN + "}"));
        assertAnswer(503, notThere, api.send("POST", "/v2/applications/" + UNKNOWN + "/restart", "{}"));
        assertAnswer(503, notThere, api.send("POST", "/v2/applications/" + UNKNOWN + "/purge", "{}"));
    }

    @Test
    void aLockedAppAnswers423ToRestartAndPurgeUntilAPurgeIsForced() throws Exception {
        Docker.run("exec", LONE, "sh", "-c", "echo kept > /data/file");
        Files.write(lockFile(APP, "lone"), new byte[0]);

        assertLocked(api.send("POST", "/v1/restart", "{\"appId\":" + APP + "}"));
        assertLocked(api.send("POST", "/v1/purge", "{\"appId\":" + APP + "}"));
        assertLocked(api.send("POST", "/v2/applications/" + APP + "/purge", "{}"));
        assertEquals("kept", Docker.run("exec", LONE, "cat", "/data/file"), "nothing is purged while locked");

        assertAnswer(200, "OK", api.send("POST", "/v2/applications/" + APP + "/purge", "{\"force\":true}"));
        assertEquals(1, Docker.tryRun("exec", LONE, "cat", "/data/file").exitCode(), "the volume is a new one");
        assertEquals("running", state(LONE));
        assertFalse(Files.exists(lockFile(APP, "lone")), "force takes the app's lock over");
    }

    private static void assertLocked(Answer answer) {
        assertEquals(423, answer.status(), answer.body());
        assertTrue(answer.body().startsWith("{\"status\":\"failed\",\"message\":\"")
                && answer.body().contains("Lockfile exists"), answer.body());
    }

    // --- request handling ---

    @Test
    void aBodyThatIsNotJsonAnswers400() {
        assertNotJson(api.send("POST", "/v1/restart", "{\"appId\":"));
        assertNotJson(api.send("POST", "/v2/applications/" + APP + "/stop-service", "not json"));
        assertNotJson(api.send("POST", "/v2/journal-logs", "{"));
        Answer target = api.send("POST", "/v2/local/target-state", "{oops");
        assertEquals(400, target.status(), target.body());
        assertTrue(target.body().startsWith("{\"status\":\"failed\",\"message\":\""), target.body());
        Answer hostConfig = api.send("PATCH", "/v1/device/host-config", "{");
        assertEquals(400, hostConfig.status(), hostConfig.body());
        assertTrue(hostConfig.body().startsWith("The body is not valid JSON: "), hostConfig.body());
        assertEquals("running", state(LONE), "a body that is not read acts on nothing");
    }

    private static void assertNotJson(Answer answer) {
        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.body().startsWith("{\"status\":\"failed\",\"message\":\"The body is not valid JSON: "),
                answer.body());
    }

    @Test
    void aBodyOverTenMegabytesAnswers413WithOrWithoutAContentLength() throws Exception {
        String before = intake.stored(TargetIntake.LOCAL).orElseThrow().toString();
        byte[] tooLarge = ("{\"local\":{\"name\":\"" + "x".repeat(TEN_MB + 1024) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        String refused = failed("The body is larger than 10 MB");

        assertAnswer(413, refused, api.announceBody("POST", "/v2/local/target-state", tooLarge.length));
        assertAnswer(413, refused, api.sendChunked("POST", "/v2/local/target-state", tooLarge));
        assertEquals(before, intake.stored(TargetIntake.LOCAL).orElseThrow().toString(), "the stored target is unchanged");
    }

    // --- what runs ---

    @Test
    void containerIdListsTheServicesAndFindsOneByEitherParameter() {
        Answer all = api.get("/v2/containerId");
        assertEquals(200, all.status(), all.body());
        assertTrue(all.body().startsWith("{\"status\":\"success\",\"services\":{"), all.body());
        for (String container : List.of(LONE, ALPHA, BETA)) {
            String service = container.substring(0, container.indexOf('_'));
            assertTrue(all.body().contains("\"" + service + "\":\"" + id(container) + "\""), all.body());
        }
        assertAnswer(200, "{\"status\":\"success\",\"containerId\":\"" + id(BETA) + "\"}",
                api.get("/v2/containerId?service=beta"));
        assertAnswer(503, failed("Could not find service with that name"),
                api.get("/v2/containerId?serviceName=nope"));
    }

    @Test
    void theDeviceTellsItsNameItsArchitectureAndItsType() {
        assertAnswer(200, "{\"status\":\"success\",\"deviceName\":\"endpoints-device\"}", api.get("/v2/device/name"));
        assertAnswer(200, "{\"status\":\"success\",\"info\":{\"arch\":\"" + config.device().deviceArch()
                + "\",\"deviceType\":\"" + config.device().deviceType() + "\"}}", api.get("/v2/local/device-info"));
    }

    @Test
    void theStateOfAnAppShowsEachOfItsImagesAndAnInvalidIdAnswers400() {
        assertAnswer(200, "{\"commit\":\"feedface\",\"local\":{\"" + MULTI + "\":{\"services\":{"
                + "\"51\":{\"status\":\"Running\",\"releaseId\":2,\"download_progress\":null},"
                + "\"52\":{\"status\":\"Running\",\"releaseId\":2,\"download_progress\":null}}}}}",
                api.get("/v2/applications/" + MULTI + "/state"));
        assertAnswer(400, failed("Invalid application ID: abc"), api.get("/v2/applications/abc/state"));
        assertAnswer(400, failed("Invalid application ID: 0"), api.get("/v2/applications/0/state"));
    }

    // --- v1 app routes ---

    @Test
    void v1AppRoutesRefuseATwoServiceApp() {
        assertAnswer(400, NAME_THE_SERVICE, api.send("POST", "/v1/apps/" + MULTI + "/stop", "{}"));
        assertAnswer(400, NAME_THE_SERVICE, api.send("POST", "/v1/apps/" + MULTI + "/start", "{}"));
        assertAnswer(400, "Some v1 endpoints are only allowed on single-container apps", api.get("/v1/apps/" + MULTI));
        assertEquals("running", state(ALPHA));
        assertEquals("running", state(BETA));
    }

    @Test
    void v1AppRoutesAnswerABadOrUnknownAppIdInBalenasWords() {
        assertAnswer(400, "Invalid app id", api.send("POST", "/v1/apps/abc/start", "{}"));
        assertAnswer(400, "Missing app id", api.get("/v1/apps/abc"));
        assertAnswer(400, APP_NOT_FOUND, api.send("POST", "/v1/apps/" + UNKNOWN + "/stop", "{}"));
        assertAnswer(400, APP_NOT_FOUND, api.send("POST", "/v1/apps/" + UNKNOWN + "/start", "{}"));
    }

    // --- v2 service actions ---

    @Test
    void serviceActionsAnswerAnInvalidAppIdWith400() {
        assertAnswer(400, INVALID_APP_ID, api.send("POST", "/v2/applications/abc/restart-service", "{}"));
        assertAnswer(400, INVALID_APP_ID, api.send("POST", "/v2/applications/abc/start-service", "{}"));
        assertAnswer(400, INVALID_APP_ID, api.send("POST", "/v2/applications/0/stop-service", "{}"));
    }

    @Test
    void serviceActionsOnATwoServiceAppActOnTheServiceNamedAndNeedOne() {
        for (String action : List.of("restart-service", "stop-service", "start-service")) {
            assertAnswer(400, NAME_THE_SERVICE, api.send("POST", "/v2/applications/" + MULTI + "/" + action, "{}"));
        }
        String alpha = id(ALPHA);
        String beta = id(BETA);

        assertAnswer(200, "OK", api.send("POST", "/v2/applications/" + MULTI + "/stop-service", "{\"imageId\":52}"));
        assertEquals("exited", state(BETA));
        assertEquals("running", state(ALPHA), "only the service named is stopped");

        assertAnswer(200, "OK", api.send("POST", "/v2/applications/" + MULTI + "/start-service",
                "{\"serviceName\":\"beta\"}"));
        assertEquals("running", state(BETA));
        assertEquals(beta, id(BETA));

        assertAnswer(200, "OK", api.send("POST", "/v2/applications/" + MULTI + "/restart-service",
                "{\"serviceName\":\"alpha\"}"));
        assertNotEquals(alpha, id(ALPHA));
        assertEquals("running", state(ALPHA));
        assertEquals(beta, id(BETA), "the other service is left as it was");
    }

    @Test
    void serviceActionsAnswer404ForAServiceOrAnAppThatIsNotThere() {
        assertAnswer(404, SERVICE_NOT_FOUND, api.send("POST", "/v2/applications/" + APP + "/restart-service",
                "{\"serviceName\":\"nope\"}"));
        assertAnswer(404, SERVICE_NOT_FOUND, api.send("POST", "/v2/applications/" + APP + "/start-service",
                "{\"imageId\":999}"));
        assertAnswer(404, APP_NOT_FOUND, api.send("POST", "/v2/applications/" + UNKNOWN + "/stop-service", "{}"));
        assertAnswer(404, APP_NOT_FOUND, api.send("POST", "/v2/applications/" + UNKNOWN + "/start-service", "{}"));
        assertEquals("running", state(LONE));
    }

    @Test
    void serviceActionsAnswer404WhenTheTargetReleaseLacksTheService() throws Exception {
        String id = id(LONE);
        TargetState applied = intake.stored(TargetIntake.LOCAL).orElseThrow();
        // A release whose one service cannot be downloaded: while the device waits for its image (download then
        // kill), the running container has nothing in the target to stand for it.
        Targets.offer(intake, Targets.app(config.device().uuid(), APP, Long.toString(APP), "feedface", 1,
                List.of(Targets.service("other", 9, 49, Targets.UNREACHABLE_IMAGE))));
        try {
            for (String action : List.of("restart-service", "stop-service", "start-service")) {
                assertAnswer(404, NOT_IN_TARGET, api.send("POST", "/v2/applications/" + APP + "/" + action, "{}"));
            }
            assertAnswer(404, NOT_IN_TARGET, api.send("POST", "/v1/apps/" + APP + "/start", "{}"));
        } finally {
            Targets.offer(intake, applied);
            reconciler.settled().toCompletableFuture().get(90, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertEquals(id, id(LONE));
        assertEquals("running", state(LONE));
    }

    // --- keys ---

    @Test
    void regenerateWithoutAKeyReplacesTheGlobalKey() {
        String before = keys.globalKey();

        Answer answer = api.send("POST", "/v1/regenerate-api-key");

        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.body().matches("[0-9a-f]{64}"), answer.body());
        assertNotEquals(before, answer.body());
        assertEquals(answer.body(), keys.globalKey());
    }

    // --- host ---

    @Test
    void rebootAndShutdownAnswer202ThenRunTheirCommand() throws Exception {
        Path rebooted = script(hostCommand("BOSUN_REBOOT_COMMAND", "reboot"));
        Path shutDown = script(hostCommand("BOSUN_SHUTDOWN_COMMAND", "shutdown"));

        assertAnswer(202, HOST_ACCEPTED, api.send("POST", "/v1/reboot", "{}"));
        Awaiting.until("the reboot command ran", () -> Files.exists(rebooted));
        assertAnswer(202, HOST_ACCEPTED, api.send("POST", "/v1/shutdown", "{}"));
        Awaiting.until("the shutdown command ran", () -> Files.exists(shutDown));
    }

    @Test
    void rebootAndShutdownAnswer423WhileAnAppHoldsItsLockAndForceTakesItOver() throws Exception {
        Path reboot = hostCommand("BOSUN_REBOOT_COMMAND", "reboot");
        hostCommand("BOSUN_SHUTDOWN_COMMAND", "shutdown");
        Files.write(lockFile(APP, "lone"), new byte[0]);
        String locked = "{\"Data\":\"\",\"Error\":\"" + LONE_LOCKED + "\"}";

        // No script is there yet: had the lock not held, these would answer 500.
        assertAnswer(423, locked, api.send("POST", "/v1/reboot", "{}"));
        assertAnswer(423, locked, api.send("POST", "/v1/shutdown", "{}"));
        assertTrue(Files.exists(lockFile(APP, "lone")), "the app's lock stays");

        Path rebooted = script(reboot);
        assertAnswer(202, HOST_ACCEPTED, api.send("POST", "/v1/reboot", "{\"force\":true}"));
        assertFalse(Files.exists(lockFile(APP, "lone")), "force takes the app's lock over");
        Awaiting.until("the reboot command ran", () -> Files.exists(rebooted));
    }

    @Test
    void aHostCommandThatCannotRunAnswers500() throws Exception {
        Path reboot = hostCommand("BOSUN_REBOOT_COMMAND", "reboot");
        Path shutdown = hostCommand("BOSUN_SHUTDOWN_COMMAND", "shutdown");

        assertAnswer(500, "{\"Data\":\"\",\"Error\":\"BOSUN_REBOOT_COMMAND: " + reboot + " is not an executable file\"}",
                api.send("POST", "/v1/reboot", "{}"));
        assertAnswer(500, "{\"Data\":\"\",\"Error\":\"BOSUN_SHUTDOWN_COMMAND: " + shutdown
                + " is not an executable file\"}", api.send("POST", "/v1/shutdown", "{}"));
    }

    /** The routes are the host bundle's (route whiteboard); without its HostControl they answer 503. */
    @Test
    void rebootAndShutdownAnswer503WhileTheHostControlIsMissing() throws Exception {
        hostCommand("BOSUN_REBOOT_COMMAND", "reboot");
        hostCommand("BOSUN_SHUTDOWN_COMMAND", "shutdown");
        ComponentDescriptionDTO control = scr.getComponentDescriptionDTO(bundle("io.bosun.host"),
                "io.bosun.host.CommandHostControl");
        scr.disableComponent(control).getValue();
        try {
            Awaiting.until("the host control is gone", () -> context.getServiceReference(HostControl.class) == null);
            String missing = "{\"Data\":\"\",\"Error\":\"The host control is not available right now\"}";
            assertAnswer(503, missing, api.send("POST", "/v1/reboot", "{}"));
            assertAnswer(503, missing, api.send("POST", "/v1/shutdown", "{}"));
        } finally {
            scr.enableComponent(control).getValue();
        }
        Awaiting.until("the host control is back", () -> context.getServiceReference(HostControl.class) != null);
    }

    /** A bundle's routes come and go with it; the API and the other routes stay (spec-free: Bosun's whiteboard). */
    @Test
    void theHostsRoutesGoWithItsBundleAndComeBackWithIt() throws Exception {
        Bundle host = bundle("io.bosun.host");
        host.stop();
        try {
            Answer gone = api.send("POST", "/v1/blink");
            assertEquals(404, gone.status(), gone.body());
            assertEquals(200, api.get("/v2/state/status").status(), "the other routes answer");
        } finally {
            host.start();
        }
        Awaiting.until("the blink route is back", () -> api.send("POST", "/v1/blink").status() == 200);
    }

    @Test
    void blinkAnswersOkAndTurnsTheLedOn() throws Exception {
        Path led = Path.of(env("BOSUN_LED_FILE"));
        Files.createDirectories(led.getParent());
        Files.writeString(led, "0");

        assertAnswer(200, "OK", api.send("POST", "/v1/blink"));

        Awaiting.until("the LED is on", () -> "1".equals(read(led)));
    }

    @Test
    void hostConfigShowsTheHostnameAndTheProxyAPatchSetsInConfigJsonAndTheStore() throws Exception {
        Path configJson = config.settings().configJson();
        byte[] before = Files.readAllBytes(configJson);
        records.namespace("host").remove("proxy");
        try {
            assertAnswer(200, "{\"network\":{\"hostname\":\"" + shownHostname(before) + "\"}}",
                    api.get("/v1/device/host-config"));

            assertAnswer(200, "OK", api.send("PATCH", "/v1/device/host-config", "{\"network\":{\"hostname\":"
                    + "\"bosun-endpoints\",\"proxy\":{\"type\":\"socks5\",\"ip\":\"10.0.0.1\",\"port\":\"1080\"}}}"));

            assertAnswer(200, "{\"network\":{\"hostname\":\"bosun-endpoints\",\"proxy\":{\"type\":\"socks5\","
                    + "\"ip\":\"10.0.0.1\",\"port\":1080}}}", api.get("/v1/device/host-config"));
            String written = Files.readString(configJson);
            assertEquals(Optional.of("bosun-endpoints"), DeviceApiHttp.stringField(written, "hostname"), written);
            assertEquals(Optional.of(config.device().uuid()), DeviceApiHttp.stringField(written, "uuid"),
                    "the identity is kept");
        } finally {
            restoreHostConfig(configJson, before);
        }
        assertAnswer(200, "{\"network\":{\"hostname\":\"" + shownHostname(before) + "\"}}",
                api.get("/v1/device/host-config"));
    }

    @Test
    void aBadHostConfigPatchAnswers400NamingTheFaultAndChangesNothing() throws Exception {
        Path configJson = config.settings().configJson();
        byte[] before = Files.readAllBytes(configJson);
        records.namespace("host").remove("proxy");

        assertAnswer(400, "\"network\" must be an object",
                api.send("PATCH", "/v1/device/host-config", "{\"hostname\":\"fine\"}"));
        assertAnswer(400, "\"network.hostname\" must be a host name: letters, digits and hyphens, labels of at most "
                + "63 characters separated by dots (got 'bad_name')",
                api.send("PATCH", "/v1/device/host-config", "{\"network\":{\"hostname\":\"bad_name\"}}"));
        assertAnswer(400, "\"network.proxy.type\" must be one of socks4, socks5, http-connect, http-relay",
                api.send("PATCH", "/v1/device/host-config", "{\"network\":{\"hostname\":\"fine\",\"proxy\":"
                        + "{\"type\":\"ftp\",\"ip\":\"10.0.0.1\",\"port\":1080}}}"));
        assertAnswer(400, "\"network.proxy\" needs type, ip and port; missing: port",
                api.send("PATCH", "/v1/device/host-config", "{\"network\":{\"hostname\":\"fine\",\"proxy\":"
                        + "{\"type\":\"socks5\",\"ip\":\"10.0.0.1\"}}}"));

        assertArrayEquals(before, Files.readAllBytes(configJson), "config.json is unchanged");
        assertEquals(Optional.empty(), records.namespace("host").get("proxy"), "no proxy is stored");
    }

    @Test
    void aHostConfigPatchAnswers423WhileAnAppHoldsItsLockAndForceTakesItOver() throws Exception {
        Path configJson = config.settings().configJson();
        byte[] before = Files.readAllBytes(configJson);
        Files.write(lockFile(APP, "lone"), new byte[0]);
        try {
            Answer locked = api.send("PATCH", "/v1/device/host-config", "{\"network\":{\"hostname\":\"locked-out\"}}");
            assertAnswer(423, LONE_LOCKED, locked);
            assertTrue(locked.contentType().startsWith("text/plain"), locked.contentType());
            assertArrayEquals(before, Files.readAllBytes(configJson), "config.json is unchanged");

            assertAnswer(200, "OK", api.send("PATCH", "/v1/device/host-config",
                    "{\"network\":{\"hostname\":\"forced-in\"},\"force\":true}"));
            assertFalse(Files.exists(lockFile(APP, "lone")), "force takes the app's lock over");
            assertEquals(Optional.of("forced-in"), DeviceApiHttp.stringField(Files.readString(configJson), "hostname"));
        } finally {
            restoreHostConfig(configJson, before);
        }
    }

    /** The host name GET shows for this config.json: its own, else the uuid's first 7 characters. */
    private static String shownHostname(byte[] configJson) {
        return DeviceApiHttp.stringField(new String(configJson, StandardCharsets.UTF_8), "hostname")
                .orElse(config.device().uuid().substring(0, 7));
    }

    /** The host name and proxy as they were, through the API, and then config.json byte for byte. */
    private static void restoreHostConfig(Path configJson, byte[] before) throws IOException {
        String hostname = DeviceApiHttp.stringField(new String(before, StandardCharsets.UTF_8), "hostname").orElse("");
        assertAnswer(200, "OK", api.send("PATCH", "/v1/device/host-config",
                "{\"network\":{\"hostname\":\"" + hostname + "\",\"proxy\":{}}}"));
        if (!Arrays.equals(before, Files.readAllBytes(configJson))) {
            Files.write(configJson, before);
        }
    }

    // --- logs ---

    @Test
    void journalLogsAnswer400ForABadCountOrFormat() {
        assertAnswer(400, failed("Invalid count -1: expected a whole number of lines"),
                api.send("POST", "/v2/journal-logs", "{\"count\":-1}"));
        assertAnswer(400, failed("Invalid format \\\"xml\\\": expected short or json"),
                api.send("POST", "/v2/journal-logs", "{\"format\":\"xml\"}"));
    }

    @Test
    void journalLogsFollowTheServiceUntilTheEndTimeAndThenEnd() {
        long until = Instant.now().getEpochSecond() + 2;

        Answer answer = api.send("POST", "/v2/journal-logs",
                "{\"follow\":true,\"format\":\"json\",\"unit\":\"lone\",\"until\":" + until + "}");

        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/x-ndjson"), answer.contentType());
        List<String> lines = answer.body().lines().filter(l -> !l.isEmpty()).toList();
        assertFalse(lines.isEmpty(), "the service's lines are followed");
        Pattern timestamp = Pattern.compile("\"timestamp\":(\\d+),");
        for (String line : lines) {
            assertTrue(line.contains("\"message\":\"tick\"") && line.contains("\"serviceName\":\"lone\"")
                    && line.contains("\"appId\":" + APP), line);
            Matcher m = timestamp.matcher(line);
            assertTrue(m.find(), line);
            assertTrue(Long.parseLong(m.group(1)) <= until * 1000, "nothing after the end time: " + line);
        }
    }

    @Test
    void logRoutesAnswer503WhileTheLogStreamIsMissing() throws Exception {
        Bundle logs = bundle("io.bosun.logs");
        logs.stop();
        try {
            String missing = failed("The log stream is not available right now");
            assertAnswer(503, missing, api.get("/v2/local/logs"));
            assertAnswer(503, missing, api.send("POST", "/v2/journal-logs", "{\"count\":1}"));
        } finally {
            logs.start();
        }
        long restarted = Instant.now().getEpochSecond();
        Awaiting.until("the service's output is captured again", Duration.ofSeconds(20),
                () -> api.send("POST", "/v2/journal-logs", "{\"unit\":\"lone\",\"since\":" + restarted + "}")
                        .body().contains(" lone: tick"));
    }

    @Test
    void aSeventeenthLogStreamAnswers503UntilAPlaceIsFree() throws Exception {
        List<LogReader> open = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                LogReader reader = LogReader.open(api);
                open.add(reader);
                assertEquals(200, reader.status());
                assertEquals(LocalLogsTest.FIRST_LINE, reader.next(l -> true));
            }
            try (LogReader refused = LogReader.open(api)) {
                assertEquals(503, refused.status());
                assertEquals(failed("Too many log streams are open (16); close one and try again"),
                        refused.next(l -> true));
            }
        } finally {
            open.forEach(LogReader::close);
        }
        // A reader that left is noticed at the next line written to it: the ticker's output frees the places.
        Awaiting.until("a new log stream is served", Duration.ofSeconds(20), DeviceApiEndpointsTest::aStreamIsServed);
    }

    private static boolean aStreamIsServed() {
        try (LogReader reader = LogReader.open(api)) {
            return reader.status() == 200;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // --- helpers ---

    private static void settle() throws Exception {
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    static void assertAnswer(int status, String body, Answer answer) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(body, answer.body());
    }

    static String failed(String message) {
        return "{\"status\":\"failed\",\"message\":\"" + message + "\"}";
    }

    private static Path lockFile(long appId, String service) {
        return config.settings().locksDir().resolve("services/" + appId + "/" + service + "/updates.lock");
    }

    private static String id(String container) {
        return Docker.inspect(container, "{{.Id}}");
    }

    private static String state(String container) {
        return Docker.inspect(container, "{{.State.Status}}");
    }

    private static String env(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new AssertionError(variable + " is not set: itest.bndrun's -runenv sets it");
        }
        return value;
    }

    /**
     * The command the runtime runs for reboot or shutdown, checked to be the test's own script path before any
     * call: with the host's default command, a 202 would take the machine down.
     */
    private static Path hostCommand(String variable, String name) throws IOException {
        Path command = Path.of(env(variable));
        if (!command.isAbsolute() || !command.getFileName().toString().equals(name)
                || !command.getParent().getFileName().toString().equals("itest-host")) {
            throw new AssertionError(variable + " is " + command + ", not the tests' itest-host/" + name);
        }
        Files.createDirectories(command.getParent());
        Files.deleteIfExists(command);
        Files.deleteIfExists(ran(command));
        return command;
    }

    /** Makes the command a script that leaves a file behind when it runs; returns that file. */
    private static Path script(Path command) throws IOException {
        Files.writeString(command, "#!/bin/sh\ntouch \"$0.ran\"\n");
        Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
        return ran(command);
    }

    private static Path ran(Path command) {
        return command.resolveSibling(command.getFileName() + ".ran");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
