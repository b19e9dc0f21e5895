package io.bosun.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bosun.testcloud.Device;
import io.bosun.testcloud.Recorded;
import io.bosun.testcloud.TestCloud;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported jar as a managed device of an openBalena fleet (docs/cloud.md), as a real process against the
 * protocol-true test cloud in this JVM, on the test bed's engine: it registers from a provisioning key alone,
 * runs the fleet's release, reports it, and after a normal stop and after a SIGKILL starts again as the same
 * device: no second registration, its first poll asks with the ETag it persisted and gets a 304, and the app's
 * container is left running as it was.
 *
 * <p>The tests run in order and share the one device: each restart builds on the registration of the first start.
 * Like every system test that runs a managed or local device, the runtime removes supervised apps that are not in
 * its target, so nothing else may run supervised containers on the test bed's engine meanwhile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagedDeviceProcessTest {
    private static final long FLEET_ID = 7701;
    private static final String FLEET_UUID = "procfleet7701";
    private static final String DEVICE_UUID = "77017701770177017701770177017701";
    private static final String DEVICE_TYPE = "generic-amd64";
    private static final String COMMIT = "cafe7701cafe7701cafe7701cafe7701";
    private static final long RELEASE_ID = 770101;
    private static final long IMAGE_ID = 7701011;
    private static final long SERVICE_ID = 77011;
    /** balena's container name: {@code <service>_<imageId>_<releaseId>_<commit>}. */
    private static final String CONTAINER = "main_" + IMAGE_ID + "_" + RELEASE_ID + "_" + COMMIT;
    /** Seeded with BOSUN_API_KEY, so the test can ask the device API when the reconciler has settled. */
    private static final String GLOBAL_KEY = "managedprocess7701globalkey";
    private static final String STATE_PATH = "/device/v3/" + DEVICE_UUID + "/state";

    /** A JVM start plus the first request: a cold start of the OSGi runtime takes a few seconds. */
    private static final Duration REGISTER_BOUND = Duration.ofSeconds(60);
    /** A pull from the local registry and a container start. */
    private static final Duration RUNNING_BOUND = Duration.ofSeconds(90);
    /** Reports go at most every 10 s; the one showing "done" may be the second or third. */
    private static final Duration REPORT_BOUND = Duration.ofSeconds(60);
    private static final Duration FIRST_POLL_BOUND = Duration.ofSeconds(60);
    private static final Duration STOP_BOUND = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Properties testbed;
    private static TestCloud cloud;
    private static Path data;
    private static KillableRuntime runtime;
    private static int apiPort;

    @BeforeAll
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    static void joinTheFleet() throws Exception {
        testbed = TestBed.load();
        removeAppFromEngine(); // what an aborted earlier run may have left
        cloud = TestCloud.start();
        cloud.addFleet(FLEET_ID, FLEET_UUID, "procfleet");
        String provisioningKey = cloud.provisioningKey(FLEET_ID);
        cloud.release(FLEET_ID, COMMIT, releaseJson());
        data = dir.resolve("data");
        Files.createDirectories(data);
        runtime = new KillableRuntime(dir, dir.resolve("supervisor.log"));
        Files.writeString(data.resolve("config.json"), JSON.writeValueAsString(Map.of(
                "apiEndpoint", cloud.endpoint(), "applicationId", FLEET_ID, "apiKey", provisioningKey,
                "deviceType", DEVICE_TYPE, "uuid", DEVICE_UUID)));

        start();
        await("the cloud has the device registered", REGISTER_BOUND, () -> cloud.device(DEVICE_UUID));
        await("the container " + CONTAINER + " runs on the engine", RUNNING_BOUND,
                () -> Optional.of(inspect("{{.State.Running}}")).filter("true"::equals));
    }

    @AfterAll
    static void leave() throws Exception {
        try {
            if (runtime != null) {
                runtime.killIfRunning(); // killed, not stopped: a runtime still running would put the containers back
            }
            if (testbed != null) {
                removeAppFromEngine();
            }
        } finally {
            if (cloud != null) {
                cloud.close();
            }
            if (runtime != null && Files.isRegularFile(runtime.log())) {
                // The temporary folder goes; the runtime's log of every start stays for reading after the run.
                Files.copy(runtime.log(), Path.of("target", "managed-device-process-supervisor.log"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    @Order(1)
    void registeredOnceWithItsOwnUuidAndTheCloudRecordedTheKeyItChose() {
        List<Recorded> registrations = cloud.requests("POST", "/device/register");
        assertEquals(1, registrations.size(), "one registration: " + registrations);
        assertEquals(201, registrations.get(0).status(), registrations.toString());
        Device device = cloud.device(DEVICE_UUID).orElseThrow();
        assertEquals(FLEET_ID, device.fleetId());
        assertEquals(DEVICE_TYPE, device.deviceType());
        assertEquals(DEVICE_UUID, device.registerBody().get("uuid"), "the uuid of config.json is kept");
    }

    @Test
    @Order(2)
    void configJsonOnDiskHoldsTheRegistrationAndNoLongerTheProvisioningKey() throws Exception {
        Device device = cloud.device(DEVICE_UUID).orElseThrow();
        JsonNode config = configJson();
        assertEquals(device.id(), config.path("deviceId").asLong(-1), "deviceId: " + config);
        assertTrue(config.hasNonNull("registered_at"), "registered_at: " + config);
        assertEquals(device.apiKey(), config.path("deviceApiKey").asText(null), "the key the cloud recorded");
        assertFalse(config.has("apiKey"), "the provisioning key is removed once registered: " + config);
        assertEquals(DEVICE_UUID, config.path("uuid").asText(null));
    }

    @Test
    @Order(3)
    void theCloudHoldsTheReleaseDoneAndItsServiceRunning() throws Exception {
        awaitReportedDoneAndRunning();
        assertEquals(List.of(CONTAINER), appContainers(), "one container, the release's");
    }

    @Test
    @Order(4)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aNormalStopAndStartIsTheSameDeviceAskingWithItsStoredEtagAndLeavesTheAppRunning() throws Exception {
        restartsAsTheSameDevice("stop", ManagedDeviceProcessTest::stop);
    }

    @Test
    @Order(5)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSigkillAndStartIsTheSameDeviceAskingWithItsStoredEtagAndLeavesTheAppRunning() throws Exception {
        restartsAsTheSameDevice("SIGKILL", ManagedDeviceProcessTest::kill);
    }

    // --- a restart

    private interface Ending {
        void end() throws Exception;
    }

    /**
     * Ends the runtime, starts it again on the same data folder and checks that it is the same registered device,
     * that its first poll carries the ETag the cloud answers for its target and is answered 304, and that the
     * reconciler, once settled, left the container as it was.
     */
    private static void restartsAsTheSameDevice(String how, Ending ending) throws Exception {
        String etag = currentEtagOfTheTarget();
        String containerId = inspect("{{.Id}}");
        String startedAt = inspect("{{.State.StartedAt}}");
        // Taken after this test's own GET above: the next one on the path is the restarted device's.
        int pollsBefore = cloud.requests("GET", STATE_PATH).size();
        String keyBefore = cloud.device(DEVICE_UUID).orElseThrow().apiKey();

        ending.end();
        start();

        Recorded firstPoll = awaitAnswered(pollsBefore);
        assertEquals(etag, firstPoll.header("If-None-Match"), "after a " + how + ": the persisted ETag");
        assertEquals(304, firstPoll.status(), "after a " + how + ": nothing to fetch again");
        assertEquals("Bearer " + keyBefore, firstPoll.header("Authorization"), "the same device key");
        // The connector polls only once provisioned: a registration after the restart would have come first.
        assertEquals(1, cloud.requests("POST", "/device/register").size(),
                "after a " + how + ": a registered device never registers again: " + cloud.requests());
        assertEquals(DEVICE_UUID, configJson().path("uuid").asText(null));
        assertEquals(keyBefore, configJson().path("deviceApiKey").asText(null));

        awaitSettledOnTheRelease();
        assertEquals(List.of(CONTAINER), appContainers(), "after a " + how + ": one container, the same");
        assertEquals(containerId, inspect("{{.Id}}"), "after a " + how + ": the container was not recreated");
        assertEquals(startedAt, inspect("{{.State.StartedAt}}"), "after a " + how + ": nor restarted");
        assertEquals("true", inspect("{{.State.Running}}"));
        awaitReportedDoneAndRunning();
    }

    /** What the cloud answers for the device's target now, asked as the device asks (its own key). */
    private static String currentEtagOfTheTarget() throws Exception {
        String key = cloud.device(DEVICE_UUID).orElseThrow().apiKey();
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(cloud.endpoint() + STATE_PATH))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains(COMMIT), "the target carries the release: " + answer.body());
        return answer.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + answer));
    }

    /**
     * The state poll at that index once the cloud answered it: a request is recorded when its head arrives and
     * its status stays 0 until the answer is sent.
     */
    private static Recorded awaitAnswered(int index) throws Exception {
        return await("the restarted device's first state poll, answered", FIRST_POLL_BOUND, () -> {
            List<Recorded> polls = cloud.requests("GET", STATE_PATH);
            return polls.size() > index ? Optional.of(polls.get(index)).filter(p -> p.status() != 0)
                    : Optional.empty();
        });
    }

    /**
     * Until the device API says the reconciler is not applying and the release is the current one: the boot's
     * apply of the stored target is over, so whatever it would have done to the container is done.
     */
    private static void awaitSettledOnTheRelease() throws Exception {
        await("the reconciler settled on " + COMMIT, RUNNING_BOUND, () -> {
            JsonNode status = stateStatus();
            return Optional.ofNullable(status).filter(s -> s.path("appState").asText().equals("applied")
                    && s.path("release").asText().equals(COMMIT));
        });
    }

    /** {@code GET /v2/state/status} with the global key; null while the API does not answer. */
    private static JsonNode stateStatus() throws Exception {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
                    + "/v2/state/status")).header("Authorization", "Bearer " + GLOBAL_KEY)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
        } catch (IOException notYet) {
            return null;
        }
    }

    /** The cloud's merged view of the device's reports: the release {@code done}, its service {@code Running}. */
    private static void awaitReportedDoneAndRunning() throws Exception {
        await("the cloud holds the release done and main Running", REPORT_BOUND, () -> {
            Map<String, Object> state = cloud.mergedState(DEVICE_UUID);
            boolean done = "done".equals(at(state, "apps", FLEET_UUID, "releases", COMMIT, "update_status"));
            boolean running = "Running".equals(at(state, "apps", FLEET_UUID, "releases", COMMIT, "services", "main",
                    "status"));
            return done && running ? Optional.of(state) : Optional.empty();
        });
    }

    /** The value at a path of keys in nested maps, or null. */
    private static Object at(Map<String, Object> root, String... path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    // --- the fleet

    /** One service on the open registry's test image; SIGKILL so that no stop of it ever waits. */
    private static String releaseJson() throws IOException {
        String image = testbed.getProperty("BOSUN_REGISTRY") + "/bosun-test/box:1";
        Map<String, Object> service = Map.of("id", SERVICE_ID, "image_id", IMAGE_ID, "image", image,
                "environment", Map.of(), "labels", Map.of(), "composition",
                Map.of("image", image, "command", "sleep 3600", "stop_signal", "SIGKILL"));
        return JSON.writeValueAsString(Map.of("id", RELEASE_ID, "services", Map.of("main", service)));
    }

    // --- the runtime process

    /** On a new port each time: the restarted device must be found again by the test, as by the cloud. */
    private static void start() throws IOException {
        apiPort = SupervisorProcess.freePort();
        runtime.start(Map.of(
                "BOSUN_DATA_DIR", data.toString(),
                "BOSUN_LOCKS_DIR", dir.resolve("locks").toString(),
                "BOSUN_API_PORT", Integer.toString(apiPort),
                "BOSUN_API_KEY", GLOBAL_KEY,
                "DOCKER_HOST", testbed.getProperty("DOCKER_HOST")));
    }

    private static void stop() throws Exception {
        runtime.stop(STOP_BOUND);
    }

    private static void kill() throws Exception {
        runtime.kill();
    }

    private static JsonNode configJson() throws IOException {
        return JSON.readTree(data.resolve("config.json").toFile());
    }

    private static String tail() throws IOException {
        return runtime.tail(120);
    }

    /**
     * Polls the probe until it has a value, up to the bound; fails with the runtime's log and every request the
     * cloud saw, or at once when the runtime exited.
     */
    private static <T> T await(String what, Duration bound, Callable<Optional<T>> probe) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            Optional<T> value = probe.call();
            if (value.isPresent()) {
                return value.get();
            }
            if (!runtime.isAlive()) {
                fail("the runtime exited (code " + runtime.exitCode() + ") before " + what + "\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                fail("not within " + bound.toSeconds() + " s: " + what + "\ncloud saw " + cloud.requests() + "\n"
                        + tail());
            }
            Thread.sleep(200);
        }
    }

    // --- the engine

    private static String inspect(String format) throws Exception {
        TestBed.Result result = docker("inspect", "--format", format, CONTAINER);
        return result.exitCode() == 0 ? result.output().strip() : "(no container " + CONTAINER + ")";
    }

    private static List<String> appContainers() throws Exception {
        return lines(docker("ps", "-a", "--filter", "label=io.balena.app-id=" + FLEET_ID, "--format",
                "{{.Names}}"));
    }

    private static void removeAppFromEngine() throws Exception {
        for (String id : lines(docker("ps", "-aq", "--filter", "label=io.balena.app-id=" + FLEET_ID))) {
            docker("rm", "-f", "-v", id);
        }
        for (String id : lines(docker("network", "ls", "-q", "--filter", "label=io.balena.app-id=" + FLEET_ID))) {
            docker("network", "rm", id);
        }
    }

    private static List<String> lines(TestBed.Result result) {
        assertNotNull(result);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("docker failed: " + result.output());
        }
        return result.output().lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
    }

    private static TestBed.Result docker(String... args) throws IOException, InterruptedException {
        return TestBed.docker(testbed, args);
    }
}
