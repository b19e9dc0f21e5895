package io.bosun.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import io.bosun.store.TargetSeeder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The updater as a process: a committed set is what starts after a restart, an implementation bundle is replaced
 * through the API while requests flow and an app runs, and the process SIGKILLed at random points of updates
 * always starts again on the old or the new set, whole, with the app's container untouched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BundleUpdateProcessTest {
    private static final long APP_ID = 7701;
    private static final String APP_UUID = "bundleupdates7701";
    private static final String DEVICE_UUID = "77017701770177017701770177017701";
    private static final String CONTAINER = "main_770101_770101_cccc7701";
    private static final String VENDOR = "io.bosun.example.vendor";
    private static final Path VENDOR_JAR = Path.of(System.getProperty("bosun.vendor.jar",
            "../examples/vendor-bundle/target/io.bosun.example.vendor-0.1.0-SNAPSHOT.jar"));
    private static final Path SPI_JAR = Path.of(System.getProperty("bosun.spi.jar",
            "../bundles/spi/target/io.bosun.spi-2.0.0-SNAPSHOT.jar"));
    private static final Path EXITS_JAR = Path.of(System.getProperty("bosun.exits.jar",
            "../examples/vendor-bundle-exits/target/io.bosun.example.vendor.exits-0.1.0-SNAPSHOT.jar"));
    private static final int KILLS = 20;
    /** An update takes the activation plus the settle time of the gate (1 s here): kills land within it. */
    private static final int MAX_KILL_DELAY_MS = 2500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @TempDir
    static Path dir;
    private static Properties testbed;
    private static KillableRuntime runtime;
    private static int port;
    /** The app's container as first started: its id and start time, which no update or restart may change. */
    private static String running;

    @BeforeAll
    static void startWithAnApp() throws Exception {
        testbed = TestBed.load();
        removeApp();
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("config.json"), "{\"uuid\": \"" + DEVICE_UUID + "\"}");
        TargetSeeder.seed(data, target());
        runtime = new KillableRuntime(dir, dir.resolve("supervisor.log"));
        port = SupervisorProcess.freePort();
        start();
        awaitUp();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && !inspect().endsWith("true")) {
            Thread.sleep(200);
        }
        running = inspect();
        assertTrue(running.endsWith("true"), "the app runs: " + running);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (runtime != null) {
            runtime.killIfRunning();
        }
        removeApp();
        if (runtime != null && Files.isRegularFile(runtime.log())) {
            Files.copy(runtime.log(), Path.of("target", "bundle-update-supervisor.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Every implementation bundle but the updater; logs last, the later tests look for its build. */
    static List<String> implementationBundles() {
        return List.of("api", "cloud", "codec", "config", "engine", "host", "locks", "reconciler", "store", "logs");
    }

    @ParameterizedTest(name = "update io.bosun.{0}")
    @MethodSource("implementationBundles")
    @Order(1)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void anImplementationBundleIsReplacedWhileRequestsFlowAndTheAppRuns(String name) throws Exception {
        Path built = Path.of("../bundles/" + name + "/target/io.bosun." + name + "-0.1.0-SNAPSHOT.jar");
        byte[] rebuilt = withVersion(Files.readAllBytes(built), "0.1.0.process-update");
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        int[] answered = new int[1];
        Thread loop = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    HttpResponse<String> r = get("/v2/state/status");
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                    answered[0]++;
                } catch (IOException e) {
                    failures.add(e.toString());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        loop.start();
        try {
            assertEquals(202, upload(rebuilt).statusCode());
            assertEquals("committed", awaitDecided().path("state").asText(), tail());
        } finally {
            loop.interrupt();
            loop.join(10_000);
        }
        assertEquals("0.1.0.process-update", bundle("io.bosun." + name).path("version").asText());
        if (!name.equals("api")) {
            assertEquals(List.of(), failures, "the status route never failed while io.bosun." + name
                    + " was replaced");
        }
        assertTrue(answered[0] > 0, "the request loop ran");
        assertEquals(running, inspect(), "the app's container was not touched");
    }

    @Test
    @Order(2)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aCommittedUpdateIsWhatStartsAfterARestart() throws Exception {
        assertEquals(202, upload(Files.readAllBytes(VENDOR_JAR)).statusCode());
        assertEquals("committed", awaitDecided().path("state").asText(), tail());
        stop();
        start();
        awaitUp();
        assertEquals(Optional.of("1.0.0"), awaitVendorRoute(), "the vendor bundle serves after the restart");
        assertEquals("0.1.0.process-update", bundle("io.bosun.logs").path("version").asText(),
                "the updated implementation bundle runs after the restart");
        assertEquals(running, inspect(), "the app's container was not touched");
    }

    @Test
    @Order(3)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aKillAtAnyPointOfAnUpdateStartsOnTheOldOrTheNewSetWhole() throws Exception {
        long seed = Long.getLong("bosun.bundlekill.seed", new SecureRandom().nextLong());
        Random random = new Random(seed);
        byte[] base = Files.readAllBytes(VENDOR_JAR);
        String committed = awaitVendorRoute().orElseThrow();
        int landedNew = 0;
        int duringGate = 0;
        for (int i = 1; i <= KILLS; i++) {
            String next = "1.0." + (100 + i);
            int delay = random.nextInt(MAX_KILL_DELAY_MS);
            int status = upload(withVersion(base, next)).statusCode();
            assertEquals(202, status, "kill " + i + ": the upload was accepted");
            Thread.sleep(delay);
            kill();
            start();
            awaitUp();
            JsonNode decided = awaitDecided();
            Optional<String> served = awaitVendorRoute();
            String installed = bundle(VENDOR).path("version").asText();
            String context = "kill " + i + " after " + delay + " ms (seed " + seed + "): " + decided;
            assertTrue(installed.equals(committed) || installed.equals(next), context + ": runs " + installed
                    + ", neither " + committed + " nor " + next);
            assertEquals(Optional.of(installed), served, context + ": the route is served by the bundle listed");
            String stage = Files.readString(dir.resolve("data/bundles/stage"));
            assertTrue(stage.contains("good " + VENDOR + " " + installed + " "), context + ": the stage says "
                    + "what runs:\n" + stage);
            assertTrue(stage.contains("good io.bosun.logs 0.1.0.process-update "), context
                    + ": the rest of the set is whole:\n" + stage);
            assertEquals(running, inspect(), context + ": the app's container was not touched");
            landedNew += installed.equals(next) ? 1 : 0;
            duringGate += decided.path("reason").asText().contains("ended during the health gate") ? 1 : 0;
            committed = installed;
        }
        System.out.printf("bundle kill loop: %d kills, %d ended on the new set, %d on the old (%d of them killed"
                + " during the health gate) (seed %d)%n", KILLS, landedNew, KILLS - landedNew, duringGate, seed);
    }

    @Test
    @Order(4)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aCommittedSetWhoseJarIsDamagedOnDiskStartsTheShippedSet() throws Exception {
        String digest = bundle(VENDOR).path("digest").asText().substring("sha256:".length());
        stop();
        Files.writeString(dir.resolve("data/bundles/jars/" + digest + ".jar"), "damaged on disk");
        start();
        awaitUp();
        JsonNode update = awaitDecided();
        assertEquals("rolled back", update.path("state").asText(), update.toString());
        assertTrue(update.path("reason").asText().contains("damaged"), update.toString());
        assertEquals("shipped", bundle("io.bosun.logs").path("origin").asText(), "the shipped logs bundle runs");
        assertTrue(JSON.readTree(get("/v2/bundles").body()).path("bundles").findValuesAsText("symbolicName").stream()
                .noneMatch(VENDOR::equals), "no vendor bundle");
        assertEquals(running, inspect(), "the app's container was not touched");
    }

    /**
     * The contracts themselves, live: every bundle wired to the spi (the updater among them) is refreshed and
     * restarts; the framework, the HTTP server and the apps do not. The updater's next revision takes the gate over.
     */
    @Test
    @Order(5)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theSpiIsReplacedLiveByRefreshingItsDependentsAndTheAppRuns() throws Exception {
        byte[] rebuilt = withVersion(Files.readAllBytes(SPI_JAR), "2.0.0.process-spi");
        assertEquals(202, upload(rebuilt).statusCode());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String version = "";
        while (!version.equals("2.0.0.process-spi") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            try {
                version = bundle("io.bosun.spi").path("version").asText();
            } catch (IOException | AssertionError whileRefreshing) {
                version = "";
            }
        }
        assertEquals("2.0.0.process-spi", version, tail());
        assertEquals("committed", awaitDecided().path("state").asText(), tail());
        assertEquals("upload", bundle("io.bosun.spi").path("origin").asText());
        assertEquals(200, get("/v2/state/status").statusCode(), "the supervisor's components came back");
        assertEquals(running, inspect(), "the app's container was not touched");
    }

    /** Greengrass-loader style: a bundle that ends the JVM during its gate leaves the device on the last good set. */
    @Test
    @Order(6)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aBundleThatExitsTheProcessDuringItsGateComesBackOnTheLastGoodSet() throws Exception {
        assertEquals(202, upload(Files.readAllBytes(VENDOR_JAR)).statusCode());
        assertEquals("committed", awaitDecided().path("state").asText(), tail());
        assertEquals(202, upload(Files.readAllBytes(EXITS_JAR)).statusCode());
        int code = runtime.waitForExit(Duration.ofSeconds(30));
        if (code < 0) {
            runtime.kill(); // hung on its way out: what a watchdog does
        }
        start();
        awaitUp();
        // Decided at start; asked through the loop that rides out the refresh the committed spi brings after it.
        JsonNode update = awaitDecided();
        assertEquals("rolled back", update.path("state").asText(), "exit code " + code + ": " + update);
        assertTrue(update.path("reason").asText().contains("ended during the health gate"), update.toString());
        assertEquals(Optional.of("1.0.0"), awaitVendorRoute(), "the good build serves again");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String spi = "";
        while (!spi.equals("2.0.0.process-spi") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            try {
                spi = bundle("io.bosun.spi").path("version").asText();
            } catch (IOException | AssertionError whileRefreshing) {
                spi = "";
            }
        }
        assertEquals("2.0.0.process-spi", spi, "the committed spi is installed once the framework has started");
        assertEquals(running, inspect(), "the app's container was not touched");
    }

    // --- the app

    private static TargetState target() {
        String image = testbed.getProperty("BOSUN_REGISTRY") + "/bosun-test/box:1";
        TargetService main = new TargetService("main", 77011, 770101, image, Map.of(), Map.of(), true, Map.of(),
                Map.of("command", "sleep 3600", "stop_grace_period", "1s"));
        TargetRelease release = new TargetRelease("cccc7701", 770101, Map.of("main", main), Map.of(), Map.of());
        TargetApp app = new TargetApp(APP_UUID, APP_ID, "bundleupdates", AppClass.FLEET, Optional.empty(), false,
                Map.of("cccc7701", release));
        return new TargetState(DEVICE_UUID, "bundleupdates", Map.of(), Map.of(APP_UUID, app));
    }

    private static String inspect() throws Exception {
        return TestBed.docker(testbed, "inspect", "--format", "{{.Id}} {{.State.StartedAt}} {{.State.Running}}",
                CONTAINER).output().trim();
    }

    private static void removeApp() throws Exception {
        String ids = TestBed.docker(testbed, "ps", "-aq", "--filter", "label=io.balena.app-id=" + APP_ID).output();
        for (String id : ids.split("\\s+")) {
            if (!id.isBlank()) {
                TestBed.docker(testbed, "rm", "-f", id);
            }
        }
        TestBed.docker(testbed, "network", "rm", APP_UUID + "_default");
    }

    // --- the process

    private static void start() throws IOException {
        runtime.start(Map.of(
                "BOSUN_DATA_DIR", dir.resolve("data").toString(),
                "BOSUN_LOCKS_DIR", dir.resolve("locks").toString(),
                "BOSUN_API_PORT", Integer.toString(port),
                "BOSUN_BUNDLE_GATE_SECONDS", "10",
                "BOSUN_BUNDLE_SETTLE_MS", "1000",
                "DOCKER_HOST", testbed.getProperty("DOCKER_HOST")));
    }

    private static void kill() throws InterruptedException {
        runtime.kill();
    }

    private static void stop() throws Exception {
        runtime.stop(Duration.ofSeconds(30));
    }

    private static void awaitUp() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!runtime.isAlive()) {
                fail("the runtime exited, code " + runtime.exitCode() + "\n" + tail());
            }
            try {
                if (get("/v2/bundles").statusCode() == 200 && get("/v2/state/status").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        fail("the runtime did not answer within 60 s\n" + tail());
    }

    private static String tail() throws IOException {
        return runtime.tail(80);
    }

    // --- the API

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> upload(byte[] jar) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/bundles"))
                .header("Content-Type", "application/java-archive").POST(HttpRequest.BodyPublishers.ofByteArray(jar))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitDecided() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode update = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer;
            try {
                answer = get("/v2/bundles");
            } catch (IOException apiBeingReplaced) {
                Thread.sleep(100);
                continue;
            }
            if (answer.statusCode() != 200) {
                Thread.sleep(100);
                continue;
            }
            update = JSON.readTree(answer.body()).path("update");
            String state = update.path("state").asText();
            if (!state.equals("queued") && !state.equals("trying")) {
                return update;
            }
            Thread.sleep(100);
        }
        fail("no decision within 60 s: " + update + "\n" + tail());
        return update;
    }

    private static JsonNode bundle(String symbolicName) throws Exception {
        for (JsonNode b : JSON.readTree(get("/v2/bundles").body()).path("bundles")) {
            if (b.path("symbolicName").asText().equals(symbolicName)) {
                return b;
            }
        }
        fail("no bundle " + symbolicName + " in " + get("/v2/bundles").body());
        return null;
    }

    /** The version the vendor route answers with; empty when it is not served. */
    private static Optional<String> vendorRoute() throws Exception {
        HttpResponse<String> r = get("/v2/vendor/example");
        return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body()).path("version").asText())
                : Optional.empty();
    }

    /** The vendor route's version once it is served (its components start just after the API answers). */
    private static Optional<String> awaitVendorRoute() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<String> served = vendorRoute();
        while (served.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            served = vendorRoute();
        }
        return served;
    }

    /** The same jar under another Bundle-Version: a new build, as an operator would publish. */
    static byte[] withVersion(byte[] jar, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }
}
