package io.bosun.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI image of Bosun (scripts/image.sh), built here and run on the test bed's engine as the README says: it
 * answers, turns healthy, starts from the archive made at build, applies a local target, and stopping it leaves the
 * app running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageTest {
    private static final String TAG = "bosun/supervisor:systest";
    private static final String APP_ID = "7992";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private Properties testbed;
    private final String name = "bosun-systest-image-" + ProcessHandle.current().pid();

    @BeforeAll
    void buildTheImage() throws Exception {
        testbed = TestBed.load();
        Process build = new ProcessBuilder("../scripts/image.sh", TAG).redirectErrorStream(true)
                .redirectOutput(dir.resolve("build.log").toFile()).start();
        assertTrue(build.waitFor(5, TimeUnit.MINUTES), "the image build ended");
        assertEquals(0, build.exitValue(), Files.readString(dir.resolve("build.log")));
    }

    @AfterAll
    void removeWhatRan() throws Exception {
        docker("rm", "-f", name);
        String apps = docker("ps", "-aq", "--filter", "label=io.balena.app-id=" + APP_ID).output().trim();
        if (!apps.isEmpty()) {
            docker(("rm -f " + apps.replace('\n', ' ')).split(" "));
        }
        for (String net : docker("network", "ls", "-q", "--filter", "name=" + APP_ID + "_").output().trim().split("\n")) {
            if (!net.isBlank()) {
                docker("network", "rm", net);
            }
        }
        docker("rmi", TAG);
    }

    @Test
    void theImageRunsTheSupervisorOnTheHostsEngine() throws Exception {
        int port = SupervisorProcess.freePort();
        Path locks = Files.createDirectories(dir.resolve("locks"));
        TestBed.Result run = docker("run", "-d", "--name", name, "--network", "host", "--health-interval", "1s",
                "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", dir.resolve("data") + ":/var/lib/bosun",
                "-v", locks + ":" + locks, "-e", "BOSUN_LOCKS_DIR=" + locks, "-e", "BOSUN_API_PORT=" + port, TAG);
        assertEquals(0, run.exitCode(), run.output());

        assertEquals("OK", awaitGet(port, "/ping").body(), logs());
        assertEquals("healthy", awaitHealth(), logs());
        String maps = docker("exec", name, "cat", "/proc/1/maps").output();
        assertTrue(maps.contains("/usr/lib/bosun/cds/bosun-"), "the supervisor maps the archive made at build");

        String image = testbed.getProperty("BOSUN_REGISTRY") + "/bosun-test/box:1";
        String target = "{\"local\": {\"name\": \"image\", \"config\": {}, \"apps\": {\"" + APP_ID + "\": {\"name\": "
                + "\"image\", \"commit\": \"c1\", \"releaseId\": 1, \"services\": {\"1\": {\"serviceName\": \"main\", "
                + "\"imageId\": 1, \"image\": \"" + image + "\", \"command\": \"sleep 3600\", \"environment\": {}, "
                + "\"labels\": {}}}, \"volumes\": {}, \"networks\": {}}}}}";
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(uri(port, "/v2/local/target-state"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(target)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode(), posted.body());
        String app = awaitRunningApp();

        assertEquals(0, docker("stop", "-t", "30", name).exitCode());
        assertEquals("true", docker("inspect", "-f", "{{.State.Running}}", app).output().trim(),
                "stopping Bosun leaves the app running");
    }

    private String awaitRunningApp() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String id = docker("ps", "-q", "--filter", "label=io.balena.app-id=" + APP_ID, "--filter",
                    "status=running").output().trim();
            if (!id.isEmpty()) {
                return id;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the app did not run within 60 s:\n" + logs());
    }

    private String awaitHealth() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String health = "";
        while (System.nanoTime() < deadline && !health.equals("healthy")) {
            Thread.sleep(250);
            health = docker("inspect", "-f", "{{.State.Health.Status}}", name).output().trim();
        }
        return health;
    }

    private HttpResponse<String> awaitGet(int port, String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return HTTP.send(HttpRequest.newBuilder(uri(port, path))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                last = notYet;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no answer on " + path + " (" + last + "):\n" + logs());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String logs() throws Exception {
        return docker("logs", "--tail", "40", name).output();
    }

    private TestBed.Result docker(String... args) throws Exception {
        return TestBed.docker(testbed, args);
    }
}
