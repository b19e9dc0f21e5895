package io.bosun.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test bed later tests rely on: a real engine, two registries on 127.0.0.1, and test images whose tags
 * really differ. Pulls here go through the engine from the registry, as the engine bundle's will.
 */
class TestBedTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Properties testbed;

    @BeforeAll
    static void readTestBed() throws IOException {
        testbed = TestBed.load();
    }

    @Test
    void theEngineAnswers() throws Exception {
        TestBed.Result version = docker("version", "--format", "{{.Server.Version}}");
        assertEquals(0, version.exitCode(), version.output());
        assertEquals(testbed.getProperty("BOSUN_DOCKER_SERVER_VERSION"), version.output().strip());
    }

    @Test
    void eachTestImageTagHasItsOwnImageId() {
        List<String> ids = List.of("BOX_1", "BOX_2", "BOX_3", "WEB_1").stream()
                .map(tag -> testbed.getProperty("BOSUN_IMAGE_ID_" + tag)).toList();
        ids.forEach(id -> assertTrue(id != null && id.startsWith("sha256:"), "recorded image id: " + id));
        assertEquals(ids.size(), ids.stream().distinct().count(), "every tag differs: " + ids);
    }

    @Test
    void anImageIsReallyPulledFromTheOpenRegistry() throws Exception {
        String reference = testbed.getProperty("BOSUN_REGISTRY") + "/bosun-test/box:2";
        docker("image", "rm", reference); // the test bed leaves no such tag; make sure of it
        assertNotEquals(0, docker("image", "inspect", reference).exitCode(), "not present before the pull");
        TestBed.Result pull = docker("pull", reference);
        try {
            assertEquals(0, pull.exitCode(), pull.output());
            TestBed.Result id = docker("image", "inspect", "--format", "{{.Id}}", reference);
            assertEquals(testbed.getProperty("BOSUN_IMAGE_ID_BOX_2"), id.output().strip());
        } finally {
            docker("image", "rm", reference);
        }
    }

    @Test
    void theAuthRegistryRefusesAnonymousReadsAndAcceptsItsUser() throws Exception {
        URI catalog = URI.create("http://" + testbed.getProperty("BOSUN_REGISTRY_AUTH") + "/v2/_catalog");
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(catalog).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        String credentials = testbed.getProperty("BOSUN_REGISTRY_USER") + ":"
                + testbed.getProperty("BOSUN_REGISTRY_PASSWORD");
        HttpResponse<String> authorised = HTTP.send(HttpRequest.newBuilder(catalog).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, authorised.statusCode());
        assertTrue(authorised.body().contains("bosun-test/box"), authorised.body());
    }

    @Test
    void theOpenRegistryListsEveryTestImage() throws Exception {
        HttpResponse<String> tags = HTTP.send(HttpRequest.newBuilder(URI.create("http://"
                + testbed.getProperty("BOSUN_REGISTRY") + "/v2/bosun-test/box/tags/list")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, tags.statusCode());
        for (String tag : List.of("\"1\"", "\"2\"", "\"3\"")) {
            assertTrue(tags.body().contains(tag), tags.body());
        }
    }

    private static TestBed.Result docker(String... args) throws IOException, InterruptedException {
        return TestBed.docker(testbed, args);
    }
}
