package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bosun.spi.config.SupervisorConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The updater through the device API, with the example vendor bundle's three builds: the good one installs and
 * serves its route, the one that fails activation and the one that turns unhealthy are rolled back to it, a bad
 * upload is refused with its fault named and changes nothing, and a vendor bundle is removed live.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BundleUpdatesTest {
    static final String VENDOR = "io.bosun.example.vendor";
    static final String JAR = "application/java-archive";
    /** The gate of the itests' framework (itest.bndrun) and the time the test gives it past that. */
    static final Duration GATE = Duration.ofSeconds(10);
    static final Duration ROLLBACK_BOUND = Duration.ofSeconds(5);
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    SupervisorConfig config;

    DeviceApiHttp api;

    @BeforeEach
    void api() {
        api = DeviceApiHttp.of(context);
        Awaiting.until("the updater answers", () -> api.get("/v2/bundles").status() == 200);
    }

    @AfterAll
    static void removeTheVendorBundle() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(BundleUpdatesTest.class).getBundleContext();
        DeviceApiHttp api = DeviceApiHttp.of(context);
        if (vendorVersion(api) != null) {
            api.send("DELETE", "/v2/bundles/" + VENDOR);
            awaitSettled(api);
        }
    }

    @Test
    @Order(1)
    void theGoodBuildInstallsAndServesItsRouteWithItsDigestStaged() throws Exception {
        byte[] good = vendorJar("good");
        DeviceApiHttp.Answer answer = api.send("POST", "/v2/bundles", JAR, good);
        assertEquals(202, answer.status(), answer.body());
        JsonNode update = awaitSettled(api);
        assertEquals("committed", update.path("state").asText(), update.toString());

        DeviceApiHttp.Answer route = api.get("/v2/vendor/example");
        assertEquals(200, route.status(), route.body());
        assertEquals("1.0.0", JSON.readTree(route.body()).path("version").asText());
        JsonNode vendor = bundle(api, VENDOR);
        assertEquals("upload", vendor.path("origin").asText());
        assertEquals("active", vendor.path("state").asText());
        String digest = vendor.path("digest").asText().substring("sha256:".length());
        Path staged = config.settings().dataDir().resolve("bundles/jars/" + digest + ".jar");
        assertTrue(Files.isRegularFile(staged), "the jar is staged by digest: " + staged);
        assertTrue(Files.readString(config.settings().dataDir().resolve("bundles/stage"))
                .contains("good " + VENDOR + " 1.0.0 " + digest + " upload"), "the stage names it as good");

        assertEquals(200, api.send("POST", "/v2/bundles", JAR, good).status(), "the same jar again changes nothing");
    }

    @Test
    @Order(2)
    void theBuildThatFailsActivationIsRolledBackToTheGoodOne() throws Exception {
        assertRolledBack(vendorJar("broken"), "failed to activate");
    }

    @Test
    @Order(3)
    void theBuildThatTurnsUnhealthyIsRolledBackToTheGoodOne() throws Exception {
        assertRolledBack(vendorJar("unhealthy"), "turned unhealthy on purpose");
    }

    private void assertRolledBack(byte[] jar, String reason) throws Exception {
        assertEquals("1.0.0", vendorVersion(api), "the good build runs before");
        DeviceApiHttp.Answer answer = api.send("POST", "/v2/bundles", JAR, jar);
        assertEquals(202, answer.status(), answer.body());
        JsonNode update = awaitSettled(api);
        assertEquals("rolled back", update.path("state").asText(), update.toString());
        assertTrue(update.path("reason").asText().contains(reason), update.toString());
        Instant decided = Instant.parse(update.path("at").asText());
        assertTrue(Duration.between(decided, Instant.now()).compareTo(ROLLBACK_BOUND) < 0,
                "rolled back within 5 s of the gate deciding");
        Awaiting.until("the good build serves again", ROLLBACK_BOUND,
                () -> api.get("/v2/vendor/example").status() == 200);
        assertEquals("1.0.0", vendorVersion(api));
        assertEquals("upload", bundle(api, VENDOR).path("origin").asText());
    }

    @Test
    @Order(4)
    void aBadUploadIsRefusedNamingItsFaultAndChangesNothing() throws Exception {
        String before = bundlesOf(api);
        String stage = Files.readString(config.settings().dataDir().resolve("bundles/stage"));
        assertRefused(api.send("POST", "/v2/bundles", JAR, "not a jar".getBytes(StandardCharsets.UTF_8)),
                "is not a jar");
        assertRefused(api.send("POST", "/v2/bundles", JAR, jar(new Manifest())), "has no manifest");
        assertRefused(api.send("POST", "/v2/bundles", JAR, jar(manifest(null, "1.0.0", null))),
                "has no Bundle-SymbolicName");
        assertRefused(api.send("POST", "/v2/bundles", JAR,
                jar(manifest("io.bosun.example.lonely", "1.0.0", "io.bosun.nowhere;version=\"[1,2)\""))),
                "does not resolve");
        assertRefused(api.send("POST", "/v2/bundles", JAR, jar(manifest("io.bosun.updater", "9.0.0", null))),
                "needs a process restart");
        String boundary = "b0sun";
        byte[] good = vendorJar("good");
        byte[] multipart = multipart(boundary, "good.jar", good,
                "{\"bundles\":[{\"file\":\"good.jar\",\"sha256\":\"00ff\"}]}");
        assertRefused(api.send("POST", "/v2/bundles", "multipart/form-data; boundary=" + boundary, multipart),
                "bundles.json expects sha256:00ff");
        assertRefused(api.send("DELETE", "/v2/bundles/io.bosun.api"), "is shipped with Bosun");
        assertRefused(api.send("DELETE", "/v2/bundles/io.bosun.none"), "no bundle io.bosun.none");

        assertEquals(before, bundlesOf(api), "the bundles are as they were");
        assertEquals(stage, Files.readString(config.settings().dataDir().resolve("bundles/stage")),
                "the stage is as it was");
    }

    @Test
    @Order(5)
    void aVendorBundleIsRemovedLive() throws Exception {
        assertEquals("1.0.0", vendorVersion(api));
        DeviceApiHttp.Answer answer = api.send("DELETE", "/v2/bundles/" + VENDOR);
        assertEquals(202, answer.status(), answer.body());
        assertEquals("committed", awaitSettled(api).path("state").asText());
        assertEquals(null, vendorVersion(api), "no vendor bundle any more");
        assertEquals(404, api.get("/v2/vendor/example").status(), "its route went with it");
    }

    @Test
    @Order(6)
    void twoUploadsInARowBothLand() throws Exception {
        org.osgi.framework.Bundle codec = HotUpdates.bosunBundles(context).stream()
                .filter(b -> b.getSymbolicName().equals("io.bosun.codec")).findFirst().orElseThrow();
        byte[] rebuilt = HotUpdates.rebuild(codec, "inarow");
        DeviceApiHttp.Answer first = api.send("POST", "/v2/bundles", JAR, vendorJar("good"));
        DeviceApiHttp.Answer second = api.send("POST", "/v2/bundles", JAR, rebuilt);
        assertEquals(202, first.status(), first.body());
        assertEquals(202, second.status(), second.body());
        Awaiting.until("both are in the set", GATE.multipliedBy(3), () -> {
            try {
                JsonNode vendor = bundle(api, VENDOR);
                JsonNode rebuiltCodec = bundle(api, "io.bosun.codec");
                return vendor != null && rebuiltCodec != null && rebuiltCodec.path("version").asText()
                        .endsWith("inarow") && "committed".equals(awaitSettled(api).path("state").asText());
            } catch (IOException e) {
                return false;
            }
        });
        assertEquals("upload", bundle(api, VENDOR).path("origin").asText(), "the first upload was kept");
        assertEquals("upload", bundle(api, "io.bosun.codec").path("origin").asText());
    }

    private static void assertRefused(DeviceApiHttp.Answer answer, String fault) {
        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.body().contains(fault), "the answer names the fault (" + fault + "): " + answer.body());
    }

    /** Waits until no change is queued or under trial, and gives the last change's outcome. */
    static JsonNode awaitSettled(DeviceApiHttp api) {
        JsonNode[] update = new JsonNode[1];
        Awaiting.until("the bundle change is decided", GATE.plusSeconds(20), () -> {
            try {
                DeviceApiHttp.Answer answer = api.get("/v2/bundles");
                if (answer.status() != 200) {
                    return false; // the API itself may be the bundle being replaced
                }
                update[0] = JSON.readTree(answer.body()).path("update");
                String state = update[0].path("state").asText();
                return !state.equals("queued") && !state.equals("trying");
            } catch (IOException e) {
                return false;
            }
        });
        return update[0];
    }

    static JsonNode bundle(DeviceApiHttp api, String symbolicName) throws IOException {
        for (JsonNode b : JSON.readTree(api.get("/v2/bundles").body()).path("bundles")) {
            if (b.path("symbolicName").asText().equals(symbolicName)) {
                return b;
            }
        }
        return null;
    }

    static String vendorVersion(DeviceApiHttp api) throws IOException {
        JsonNode vendor = bundle(api, VENDOR);
        return vendor == null ? null : vendor.path("version").asText();
    }

    private static String bundlesOf(DeviceApiHttp api) throws IOException {
        return JSON.readTree(api.get("/v2/bundles").body()).path("bundles").toString();
    }

    /** One of the example's builds, carried by this test bundle (bnd.bnd). */
    static byte[] vendorJar(String build) throws IOException {
        try (var in = FrameworkUtil.getBundle(BundleUpdatesTest.class).getEntry("vendor/" + build + ".jar")
                .openStream()) {
            return in.readAllBytes();
        }
    }

    static Manifest manifest(String symbolicName, String version, String imports) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        if (symbolicName != null) {
            main.putValue("Bundle-SymbolicName", symbolicName);
        }
        main.putValue("Bundle-Version", version);
        if (imports != null) {
            main.putValue("Import-Package", imports);
        }
        return manifest;
    }

    static byte[] jar(Manifest manifest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (manifest.getMainAttributes().isEmpty()) {
            try (JarOutputStream out = new JarOutputStream(bytes)) {
                out.putNextEntry(new JarEntry("readme.txt"));
                out.write("no manifest".getBytes(StandardCharsets.UTF_8));
            }
        } else {
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                out.putNextEntry(new JarEntry("readme.txt"));
                out.write("a bundle".getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] multipart(String boundary, String fileName, byte[] jar, String bundlesJson)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(jar);
        out.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundles.json\"; filename="
                + "\"bundles.json\"\r\nContent-Type: application/json\r\n\r\n" + bundlesJson + "\r\n--" + boundary
                + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
