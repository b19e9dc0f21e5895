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
 * The device API's app actions over HTTP on an unmanaged device (auth off, as balena's local mode): a v2 local
 * target ends as running containers, restart and purge recreate them, a user lock answers 423 and {@code force}
 * takes it over (spec §11.4 cases 45, 49, 52, §11.7 case 69).
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class DeviceApiActionsTest {
    static final long APP = 7801;

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
    void up() {
        api = DeviceApiHttp.of(context);
        Docker.clean(APP, Long.toString(APP));
    }

    @AfterEach
    void down() throws Exception {
        Targets.offer(intake, Targets.empty(config.device().uuid()), ApplyOptions.DEFAULT);
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        Docker.clean(APP, Long.toString(APP));
    }

    private String target(String commit) {
        return """
                {"local": {"name": "api-device", "config": {}, "apps": {"%d": {"name": "api-app", "commit": "%s",
                  "releaseId": 1, "services": {
                    "1": {"serviceName": "server", "imageId": 11, "image": "%s", "environment": {}, "labels": {},
                          "command": "sleep 3600", "stop_signal": "SIGKILL", "volumes": ["data:/data"]}},
                  "volumes": {"data": {}}, "networks": {}}}}}
                """.formatted(APP, commit, Docker.image("box:1"));
    }

    private void postTargetAndSettle(String commit) throws Exception {
        DeviceApiHttp.Answer answer = api.send("POST", "/v2/local/target-state", target(commit));
        assertEquals(200, answer.status(), answer.body());
        assertEquals("{\"status\":\"success\",\"message\":\"OK\"}", answer.body());
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    @Test
    void aLocalTargetEndsAsRunningContainersAndTheStatusSaysApplied() throws Exception {
        postTargetAndSettle("deadbeef");

        assertEquals(List.of("server_11_1_deadbeef"), Docker.containers(APP));
        DeviceApiHttp.Answer status = api.get("/v2/state/status");
        assertEquals(200, status.status());
        assertTrue(status.body().contains("\"appState\":\"applied\""), status.body());
        assertTrue(status.body().contains("\"serviceName\":\"server\""), status.body());
        assertTrue(status.body().contains("\"release\":\"deadbeef\""), status.body());
        String id = Docker.inspect("server_11_1_deadbeef", "{{.Id}}");
        assertEquals("{\"status\":\"success\",\"containerId\":\"" + id + "\"}",
                api.get("/v2/containerId?serviceName=server").body());
        assertEquals("{\"status\":\"success\",\"deviceName\":\"api-device\"}", api.get("/v2/device/name").body());
        assertTrue(api.get("/v2/local/target-state").body().contains("\"server\""));
    }

    @Test
    void anInvalidLocalTargetIsRefusedWholeAndChangesNothing() throws Exception {
        postTargetAndSettle("deadbeef");
        String before = intake.stored(TargetIntake.LOCAL).orElseThrow().toString();

        DeviceApiHttp.Answer answer = api.send("POST", "/v2/local/target-state",
                target("cafe").replace("\"imageId\": 11", "\"imageId\": \"eleven\""));

        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.body().contains("imageId"), "the fault is named: " + answer.body());
        assertEquals(before, intake.stored(TargetIntake.LOCAL).orElseThrow().toString(), "the stored target is unchanged");
        assertEquals(List.of("server_11_1_deadbeef"), Docker.containers(APP));
    }

    @Test
    void restartRecreatesTheContainers() throws Exception {
        postTargetAndSettle("deadbeef");
        String before = Docker.inspect("server_11_1_deadbeef", "{{.Id}}");

        DeviceApiHttp.Answer answer = api.send("POST", "/v1/restart", "{\"appId\":" + APP + "}");

        assertEquals(200, answer.status(), answer.body());
        assertEquals("OK", answer.body());
        assertNotEquals(before, Docker.inspect("server_11_1_deadbeef", "{{.Id}}"));
        assertEquals(400, api.send("POST", "/v1/restart", "{}").status(), "no app id");
    }

    @Test
    void aUserLockAnswers423AndForceTakesItOver() throws Exception {
        postTargetAndSettle("deadbeef");
        String before = Docker.inspect("server_11_1_deadbeef", "{{.Id}}");
        Path lockFolder = config.settings().locksDir().resolve("services/" + APP + "/server");
        Files.write(lockFolder.resolve("updates.lock"), new byte[0]);

        DeviceApiHttp.Answer locked = api.send("POST", "/v2/applications/" + APP + "/restart", "{}");
        assertEquals(423, locked.status(), locked.body());
        assertTrue(locked.body().contains("Lockfile exists"), locked.body());
        assertEquals(before, Docker.inspect("server_11_1_deadbeef", "{{.Id}}"), "not touched while locked");

        DeviceApiHttp.Answer forced = api.send("POST", "/v2/applications/" + APP + "/restart", "{\"force\":true}");
        assertEquals(200, forced.status(), forced.body());
        assertNotEquals(before, Docker.inspect("server_11_1_deadbeef", "{{.Id}}"));
        try (var files = Files.list(lockFolder)) {
            assertEquals(List.of(), files.toList(), "the lock folder is left empty");
        }
    }

    @Test
    void purgeRecreatesTheVolume() throws Exception {
        postTargetAndSettle("deadbeef");
        Docker.run("exec", "server_11_1_deadbeef", "sh", "-c", "echo old > /data/file");

        DeviceApiHttp.Answer answer = api.send("POST", "/v1/purge", "{\"appId\":\"" + APP + "\"}");

        assertEquals(200, answer.status(), answer.body());
        assertEquals("{\"Data\":\"OK\",\"Error\":\"\"}", answer.body());
        assertEquals(1, Docker.tryRun("exec", "server_11_1_deadbeef", "cat", "/data/file").exitCode());
    }

    @Test
    void anAppThatIsNotThereAnswers503() {
        DeviceApiHttp.Answer answer = api.send("POST", "/v1/restart", "{\"appId\":999999}");
        assertEquals(503, answer.status(), answer.body());
        assertTrue(answer.body().contains("Application with ID 999999 is not in the current state"), answer.body());
    }
}
