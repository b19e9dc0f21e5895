package io.bosun.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device with a trusted key ({@code BOSUN_BUNDLE_TRUST}) installs only bundles signed by it: an unsigned jar and
 * one signed by another key are refused naming why, one signed by the device's key installs; a key that is no
 * Ed25519 key stops the start.
 */
class SignedBundlesProcessTest {
    private static final Path VENDOR_JAR = Path.of(System.getProperty("bosun.vendor.jar",
            "../examples/vendor-bundle/target/io.bosun.example.vendor-0.1.0-SNAPSHOT.jar"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void onlyJarsSignedByTheTrustedKeyInstall() throws Exception {
        KeyPair device = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] jar = Files.readAllBytes(VENDOR_JAR);
        int port = SupervisorProcess.freePort();
        try (SupervisorProcess bosun = SupervisorProcess.start(Map.of(
                "BOSUN_DATA_DIR", dir.resolve("data").toString(), "BOSUN_LOCKS_DIR", dir.resolve("locks").toString(),
                "BOSUN_API_PORT", Integer.toString(port), "BOSUN_BUNDLE_SETTLE_MS", "1000",
                "BOSUN_BUNDLE_TRUST", Base64.getEncoder().encodeToString(device.getPublic().getEncoded()),
                "DOCKER_HOST", TestBed.load().getProperty("DOCKER_HOST")), dir)) {
            assertNotNull(bosun.awaitGet(port, "/v2/bundles", Duration.ofSeconds(60)), "the API answers");
            assertTrue(JSON.readTree(get(port, "/v2/bundles").body()).path("signedOnly").asBoolean());

            HttpResponse<String> unsigned = upload(port, jar, null);
            assertEquals(400, unsigned.statusCode(), unsigned.body());
            assertTrue(unsigned.body().contains("is not signed"), unsigned.body());
            HttpResponse<String> foreign = upload(port, jar, sign(jar, other.getPrivate()));
            assertEquals(400, foreign.statusCode(), foreign.body());
            assertTrue(foreign.body().contains("does not match"), foreign.body());

            HttpResponse<String> signed = upload(port, jar, sign(jar, device.getPrivate()));
            assertEquals(202, signed.statusCode(), signed.body());
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            String state = "";
            while (!state.equals("committed") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                state = JSON.readTree(get(port, "/v2/bundles").body()).path("update").path("state").asText();
            }
            assertEquals("committed", state, bosun.output());
            assertEquals(200, get(port, "/v2/vendor/example").statusCode(), "the signed bundle serves");
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aTrustedKeyThatIsNoKeyStopsTheStart() throws Exception {
        try (SupervisorProcess bosun = SupervisorProcess.start(Map.of(
                "BOSUN_DATA_DIR", dir.resolve("data").toString(), "BOSUN_API_PORT", "0",
                "BOSUN_BUNDLE_TRUST", "bm90IGEga2V5"), dir)) {
            assertEquals(78, bosun.waitForExit(Duration.ofSeconds(40)), bosun.output());
            assertTrue(bosun.output().contains("BOSUN_BUNDLE_TRUST"), bosun.output());
        }
    }

    private static String sign(byte[] jar, PrivateKey key) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(jar);
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static HttpResponse<String> upload(int port, byte[] jar, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/bundles"))
                .header("Content-Type", "application/java-archive").POST(HttpRequest.BodyPublishers.ofByteArray(jar))
                .timeout(Duration.ofSeconds(60));
        if (signature != null) {
            request.header("X-Bosun-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
