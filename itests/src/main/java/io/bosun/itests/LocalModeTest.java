package io.bosun.itests;

import static io.bosun.itests.Targets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.ConfigJsonWriter;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.intake.Offer;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.TargetStore;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.VolumeConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Local mode switched by the cloud's {@code SUPERVISOR_LOCAL_MODE} on a managed device (spec §5.3), on the real
 * engine: entering snapshots the engine, the local API then takes targets without a key (the cloud's apps stop,
 * their volumes stay), and leaving removes what local mode created, drops the local target and brings
 * the cloud's apps back on their old volumes.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class LocalModeTest {
    static final String CLOUD = "https://api.bosun-itest.invalid";
    static final long CLOUD_APP = 7901;
    static final String CLOUD_UUID = "itestcloud7901";
    static final long LOCAL_APP = 7902;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    Reconciler reconciler;
    @InjectService(timeout = 10_000)
    TargetIntake intake;
    @InjectService(timeout = 10_000)
    TargetStore store;
    @InjectService(timeout = 10_000)
    RecordStore records;
    @InjectService(timeout = 10_000)
    ApiKeys keys;
    @InjectService(timeout = 10_000)
    ServiceAware<SupervisorConfig> config;
    @InjectService(timeout = 10_000)
    ConfigJsonWriter writer;

    DeviceApiHttp api;
    final String nonce = Long.toHexString(System.nanoTime());
    final String built = "bosun-itest/localmode-build:" + nonce;
    final String foreign = "bosun-itest-foreign-" + nonce;

    @BeforeEach
    void manage() throws Exception {
        api = DeviceApiHttp.of(context);
        Docker.clean(CLOUD_APP, CLOUD_UUID);
        Docker.clean(LOCAL_APP, Long.toString(LOCAL_APP));
        // Through config.json, as an operator does: the cloud connector writes its device key there, and the
        // identity published is always the file's.
        writer.update(Map.of("apiEndpoint", CLOUD), Set.of());
        Awaiting.until("the device is managed", () -> config.getService() != null
                && !config.getService().device().unmanaged());
        Awaiting.until("the reconciler takes the cloud's targets", () -> CLOUD.equals(intake.selection().source()));
        // The device was unmanaged, so in local mode: being managed now, it leaves it at the next run.
        settleOn(cloudTarget("one", Map.of()));
    }

    @AfterEach
    void unmanage() throws Exception {
        settleOn(cloudTarget("one", Map.of()));
        writer.update(Map.of(), Set.copyOf(ManagedDevice.PROVISIONING_FIELDS));
        Awaiting.until("the device is unmanaged again", () -> config.getService() != null
                && config.getService().device().unmanaged());
        // The reconciler hears of the new identity after the configuration is published (asynchronously).
        Awaiting.until("the device is back in local mode", () -> intake.selection().localMode());
        Targets.offer(intake, Targets.empty(device()));
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        Docker.clean(CLOUD_APP, CLOUD_UUID);
        Docker.clean(LOCAL_APP, Long.toString(LOCAL_APP));
        Docker.tryRun("rm", "-f", foreign);
        Docker.tryRun("rmi", built);
        Docker.restoreTestImages();
    }

    @Test
    void theCloudSwitchesLocalModeOnAndOffAndLeavingRemovesWhatLocalModeCreated() throws Exception {
        String cloudContainer = "main_11_1_one";
        assertEquals(List.of(cloudContainer), Docker.containers(CLOUD_APP));
        String cloudVolumeCreated = Docker.run("volume", "inspect", "--format", "{{.CreatedAt}}",
                CLOUD_APP + "_data");
        assertEquals(401, api.send("POST", "/v2/local/target-state", localTarget("x")).status(),
                "a managed device outside local mode needs a key");
        DeviceApiHttp.Answer refused = api.send("POST", "/v2/local/target-state?apikey=" + keys.globalKey(),
                localTarget("x"));
        assertEquals(400, refused.status());
        assertEquals("{\"status\":\"failed\",\"message\":\"Target state can only set when device is in local mode\"}",
                refused.body());

        // The cloud turns local mode on: the engine is snapshot; without a local target yet, nothing changes.
        settleOn(cloudTarget("one", Map.of("BALENA_SUPERVISOR_LOCAL_MODE", "1")));
        assertTrue(intake.selection().localMode());
        assertTrue(snapshot().isPresent(), "entering local mode recorded the engine");
        assertEquals(List.of(cloudContainer), Docker.containers(CLOUD_APP), "no local target: the app runs on");

        // In local mode: objects made by hand and by the local API, which needs no key now.
        Docker.run("create", "--name", foreign, Docker.image("box:1"), "sleep", "1");
        String builder = Docker.run("create", Docker.image("box:1"), "true");
        Docker.run("commit", "--change", "LABEL io.bosun.itest=" + nonce, builder, built);
        Docker.run("rm", builder);
        DeviceApiHttp.Answer posted = api.send("POST", "/v2/local/target-state", localTarget(built));
        assertEquals(200, posted.status(), posted.body());
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        assertEquals(List.of("local_21_1_dev"), Docker.containers(LOCAL_APP));
        assertEquals("running", Docker.inspect("local_21_1_dev", "{{.State.Status}}"));
        assertTrue(Docker.tryRun("volume", "inspect", LOCAL_APP + "_scratch").exitCode() == 0);
        assertEquals(TargetIntake.LOCAL, intake.selection().source());
        assertEquals(List.of(), Docker.containers(CLOUD_APP), "the local target has not the cloud's app");
        assertEquals(cloudVolumeCreated, Docker.run("volume", "inspect", "--format", "{{.CreatedAt}}",
                CLOUD_APP + "_data"), "local mode keeps the volumes of the apps it stops");

        // A cloud target that keeps local mode on is stored, not applied: the reconciler's target stays the
        // local one (its apps are the local target's), and the engine keeps the local app only.
        Offer kept = Targets.offer(intake, CLOUD, cloudTarget("two", Map.of("BALENA_SUPERVISOR_LOCAL_MODE", "1")),
                ApplyOptions.DEFAULT);
        assertEquals(Offer.Outcome.STORED, kept.outcome(), kept.reason());
        assertEquals("two", store.targets().get(CLOUD).target().apps().get(CLOUD_UUID).release()
                .orElseThrow().commit(), "the cloud's target is stored");
        assertEquals(List.of(LOCAL_APP), reconciler.apps().stream().map(a -> a.appId())
                .filter(id -> id == CLOUD_APP || id == LOCAL_APP).toList(), "the cloud's app is not a target");
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        assertEquals(List.of(), Docker.containers(CLOUD_APP));
        assertEquals(List.of("local_21_1_dev"), Docker.containers(LOCAL_APP));

        // A purge of the local app, and a volume clean-up, leave the cloud app's volume alone.
        DeviceApiHttp.Answer purged = api.send("POST", "/v1/purge", "{\"appId\":" + LOCAL_APP + "}");
        assertEquals(200, purged.status(), purged.body());
        assertEquals(200, api.get("/v2/cleanup-volumes").status());
        assertEquals(cloudVolumeCreated, Docker.run("volume", "inspect", "--format", "{{.CreatedAt}}",
                CLOUD_APP + "_data"), "the cloud app's volume outlives a purge and a clean-up in local mode");

        // The cloud turns local mode off: what local mode made goes, except objects that are not Bosun's.
        settleOn(cloudTarget("two", Map.of("BALENA_SUPERVISOR_LOCAL_MODE", "0")));
        assertFalse(intake.selection().localMode());
        assertEquals(List.of(), Docker.containers(LOCAL_APP), "local mode's containers are removed");
        assertFalse(Docker.tryRun("volume", "inspect", LOCAL_APP + "_scratch").exitCode() == 0, "and its volumes");
        assertFalse(Docker.tryRun("image", "inspect", built).exitCode() == 0, "and the image built on the device");
        assertTrue(Docker.tryRun("container", "inspect", foreign).exitCode() == 0, "a container made by hand stays");
        assertFalse(store.targets().containsKey(TargetIntake.LOCAL), "the local target is dropped");
        assertTrue(intake.stored(TargetIntake.LOCAL).isEmpty());
        assertTrue(snapshot().isEmpty(), "the snapshot is cleared");
        assertEquals(List.of("main_11_2_two"), Docker.containers(CLOUD_APP), "the cloud's app is back");
        assertEquals("running", Docker.inspect("main_11_2_two", "{{.State.Status}}"));
        assertEquals(cloudVolumeCreated, Docker.run("volume", "inspect", "--format", "{{.CreatedAt}}",
                CLOUD_APP + "_data"), "on the volume it had before local mode");
        assertEquals(401, api.get("/v2/state/status").status(), "auth is on again");
    }

    private void settleOn(TargetState cloud) throws Exception {
        Targets.offer(intake, CLOUD, cloud, ApplyOptions.DEFAULT);
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    /** The engine snapshot the reconciler records on entering local mode. */
    private java.util.Optional<String> snapshot() throws Exception {
        return records.namespace("reconciler").get("engine-snapshot");
    }

    private String device() {
        return config.getService().device().uuid();
    }

    private TargetState cloudTarget(String commit, Map<String, String> config) {
        long release = commit.equals("one") ? 1 : 2;
        TargetState app = Targets.app(device(), CLOUD_APP, CLOUD_UUID, commit, release,
                List.of(service("main", 1, 11, Docker.image("box:1"), Map.of(), Map.of("volumes",
                        List.of("data:/data")))), Map.of("data", new VolumeConfig(null, null, null)), Map.of());
        return Targets.withConfig(app, config);
    }

    private static String localTarget(String image) {
        return """
                {"local": {"name": "local-device", "config": {}, "apps": {"%d": {"name": "local-app",
                  "commit": "dev", "releaseId": 1, "services": {
                    "1": {"serviceName": "local", "imageId": 21, "image": "%s", "environment": {}, "labels": {},
                          "command": "sleep 3600", "stop_signal": "SIGKILL", "volumes": ["scratch:/scratch"]}},
                  "volumes": {"scratch": {}}, "networks": {}}}}}
                """.formatted(LOCAL_APP, image);
    }
}
