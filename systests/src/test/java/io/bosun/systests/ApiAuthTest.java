package io.bosun.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import io.bosun.store.TargetSeeder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The device API's auth on a managed device (an {@code apiEndpoint} in config.json), over HTTP against the
 * exported runtime (spec §5.1, §11.4 cases 43 and 44): key forms, the global key seeded by
 * {@code BOSUN_API_KEY}, a scoped key given to a service with the supervisor-api feature acting on its own app
 * only, and a regenerated key replacing the old one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiAuthTest {
    static final String GLOBAL = "globalseed0123456789";
    static final String DEVICE_UUID = "apiauthdevice7821";
    static final long OWN = 7821;
    static final long OTHER = 7822;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Properties testbed;
    private static Path dir;
    private static SupervisorProcess bosun;
    private static int port;
    private static String scoped;

    @BeforeAll
    static void start() throws Exception {
        testbed = TestBed.load();
        dir = Files.createTempDirectory("bosun-apiauth");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("config.json"), "{\"uuid\": \"" + DEVICE_UUID
                + "\", \"apiEndpoint\": \"https://api.bosun.invalid\"}");
        TargetSeeder.seed(data, new TargetState(DEVICE_UUID, "auth-device", Map.of(), Map.of(
                "app" + OWN, app(OWN, Map.of("io.balena.features.supervisor-api", "1")),
                "app" + OTHER, app(OTHER, Map.of()))), "https://api.bosun.invalid");
        port = SupervisorProcess.freePort();
        // The tests send reboot and shutdown (to be refused): if auth ever let one through, nothing goes down.
        bosun = SupervisorProcess.start(Map.of("BOSUN_DATA_DIR", data.toString(),
                "BOSUN_LOCKS_DIR", dir.resolve("locks").toString(), "BOSUN_API_PORT", Integer.toString(port),
                "BOSUN_API_KEY", GLOBAL, "DOCKER_HOST", testbed.getProperty("DOCKER_HOST"),
                "BOSUN_REBOOT_COMMAND", "true", "BOSUN_SHUTDOWN_COMMAND", "true"), dir);
        assertNotNull(bosun.awaitGet(port, "/ping", Duration.ofSeconds(60)), "the API answers");
        scoped = awaitScopedKey();
    }

    @AfterAll
    static void stop() throws Exception {
        if (bosun != null) {
            bosun.close();
        }
        for (long app : new long[] {OWN, OTHER}) {
            String ids = TestBed.docker(testbed, "ps", "-aq", "--filter", "label=io.balena.app-id=" + app).output();
            for (String id : ids.split("\\s+")) {
                if (!id.isBlank()) {
                    TestBed.docker(testbed, "rm", "-f", id);
                }
            }
            TestBed.docker(testbed, "network", "rm", "app" + app + "_default");
        }
    }

    private static TargetApp app(long id, Map<String, String> labels) {
        TargetService main = new TargetService("main", 1, id * 10, testbed.getProperty("BOSUN_REGISTRY")
                + "/bosun-test/box:1", Map.of(), labels, true, Map.of(),
                Map.of("command", "sleep 3600", "stop_signal", "SIGKILL"));
        TargetRelease release = new TargetRelease("c" + id, 1, Map.of("main", main), Map.of(), Map.of());
        return new TargetApp("app" + id, id, "auth-" + id, AppClass.FLEET, Optional.empty(), false,
                Map.of("c" + id, release));
    }

    /** The key the supervisor gave its own app's service, read from the container as the app reads it. */
    private static String awaitScopedKey() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            TestBed.Result env = TestBed.docker(testbed, "inspect", "--format", "{{json .Config.Env}}",
                    "main_" + OWN * 10 + "_1_c" + OWN);
            int at = env.output().indexOf("BALENA_SUPERVISOR_API_KEY=");
            if (env.exitCode() == 0 && at >= 0) {
                String rest = env.output().substring(at + "BALENA_SUPERVISOR_API_KEY=".length());
                return rest.substring(0, rest.indexOf('"'));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no scoped key in the service's environment:\n" + bosun.output());
    }

    private static HttpResponse<String> call(String method, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String method, String path, Map<String, String> headers) throws Exception {
        return call(method, path, headers).statusCode();
    }

    @Test
    void pingNeedsNoKeyButEverythingElseDoes() throws Exception {
        assertEquals(200, status("GET", "/ping", Map.of()));
        HttpResponse<String> noKey = call("GET", "/v2/version", Map.of());
        assertEquals(401, noKey.statusCode());
        assertEquals(401, status("GET", "/v2/nothing-here", Map.of()), "unknown paths are not probed");
    }

    @Test
    void theSeededGlobalKeyWorksInEveryForm() throws Exception {
        assertEquals(200, status("GET", "/v2/version?apikey=" + GLOBAL, Map.of()));
        assertEquals(401, status("GET", "/v2/version?ApiKey=" + GLOBAL, Map.of()));
        assertEquals(401, status("GET", "/v2/version?APIKEY=" + GLOBAL, Map.of()));
        for (String scheme : new String[] {"Bearer", "bearer", "ApiKey", "APIKEY"}) {
            assertEquals(200, status("GET", "/v2/version", Map.of("Authorization", scheme + " " + GLOBAL)), scheme);
        }
        assertEquals(401, status("GET", "/v2/version", Map.of("Authorization", "Bearer wrongkey")));
    }

    @Test
    void aScopedKeyActsOnItsOwnAppOnly() throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + scoped);
        assertEquals(200, status("GET", "/v2/version", auth), "any valid key reads the version");
        assertEquals(200, status("POST", "/v2/applications/" + OWN + "/restart", auth));
        assertEquals(401, status("POST", "/v2/applications/" + OTHER + "/restart", auth));
        assertEquals(200, status("POST", "/v2/applications/" + OTHER + "/restart",
                Map.of("Authorization", "Bearer " + GLOBAL)), "the global key acts on every app");
        String listing = call("GET", "/v2/state/status", auth).body();
        assertTrue(listing.contains("\"appId\":" + OWN), listing);
        assertFalse(listing.contains("\"appId\":" + OTHER), "another app is not shown to a scoped key: " + listing);
    }

    /** Every documented route as (method, path with another app's id, body naming that app, access). */
    private static List<String[]> documentedRoutes() throws IOException {
        JsonNode paths = new ObjectMapper().readTree(Path.of("../docs/openapi.json").toFile()).path("paths");
        List<String[]> routes = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> routes.add(
                new String[] {method.getKey().toUpperCase(Locale.ROOT),
                    path.getKey().replace("{appId}", Long.toString(OTHER))
                            .replace("{symbolicName}", "io.bosun.example.none"),
                    method.getValue().path("x-bosun-access").asText()})));
        return routes;
    }

    private static int status(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IOException(method + " " + path + " " + headers + ": " + e.getMessage(), e);
        }
    }

    @Test
    void overHttpEveryDocumentedRouteButPingAndHealthyRefusesACallerWithoutAValidKey() throws Exception {
        List<String[]> routes = documentedRoutes();
        assertTrue(routes.size() >= 35, "the document lists the routes: " + routes.size());
        for (String[] route : routes) {
            String what = route[0] + " " + route[1];
            String body = "{\"appId\":" + OTHER + "}";
            if (route[2].equals("open")) {
                assertNotEquals(401, status(route[0], route[1], body, Map.of()), what);
                continue;
            }
            assertEquals(401, status(route[0], route[1], body, Map.of()), what + " without a key");
            assertEquals(401, status(route[0], route[1], body, Map.of("Authorization", "Bearer nokey")),
                    what + " with a wrong key");
        }
    }

    @Test
    void overHttpAScopedKeyIsRefusedEveryDeviceWideRouteAndEveryRouteOfAnotherApp() throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + scoped);
        int refused = 0;
        for (String[] route : documentedRoutes()) {
            if (route[2].equals("global key") || route[2].equals("key, app scope")) {
                // balena's legacy app state answers an app out of scope as one that does not exist.
                int expected = route[1].endsWith("/state") ? 409 : 401;
                assertEquals(expected, status(route[0], route[1], "{\"appId\":" + OTHER + "}", auth),
                        route[0] + " " + route[1] + " with the key of app " + OWN);
                refused++;
            }
        }
        assertTrue(refused >= 15, "device-wide and app routes: " + refused);
    }

    /** Last: it replaces the global key the other tests use. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aRegeneratedKeyReplacesTheOldOne() throws Exception {
        HttpResponse<String> fresh = call("POST", "/v1/regenerate-api-key", Map.of("Authorization", "Bearer " + GLOBAL));
        assertEquals(200, fresh.statusCode());
        assertNotEquals(GLOBAL, fresh.body());
        assertEquals(401, status("GET", "/v2/version", Map.of("Authorization", "Bearer " + GLOBAL)));
        assertEquals(200, status("GET", "/v2/version", Map.of("Authorization", "Bearer " + fresh.body())));
    }
}
