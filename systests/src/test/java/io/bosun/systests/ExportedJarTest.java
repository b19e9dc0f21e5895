package io.bosun.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code java -jar runtime/target/bosun.jar} with the documented environment overrides. */
class ExportedJarTest {
    private static final Duration START_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Map<String, String> env(int port) {
        return SupervisorProcess.env(port, dir);
    }

    @Test
    void startsWithOverridesAndAnswersPingVersionAndHealthy() throws Exception {
        int port = SupervisorProcess.freePort();
        try (SupervisorProcess supervisor = SupervisorProcess.start(env(port), dir.resolve("work"))) {
            HttpResponse<String> ping = supervisor.awaitGet(port, "/ping", START_BOUND);
            assertNotNull(ping, "no answer on port " + port + ":\n" + supervisor.output());
            assertEquals(200, ping.statusCode());
            assertEquals("OK", ping.body());

            HttpResponse<String> version = supervisor.awaitGet(port, "/v2/version", START_BOUND);
            assertEquals(200, version.statusCode(), version.body());
            JsonNode json = new ObjectMapper().readTree(version.body());
            assertEquals("success", json.get("status").asText());
            assertTrue(json.get("version").asText().startsWith("19.0.5+bosun."), version.body());

            assertEquals(200, supervisor.awaitGet(port, "/v1/healthy", START_BOUND).statusCode());

            Path configJson = dir.resolve("data/config.json");
            assertTrue(Files.isRegularFile(configJson), "config.json created in BOSUN_DATA_DIR");
            assertTrue(new ObjectMapper().readTree(configJson.toFile()).get("uuid").asText().matches("[0-9a-f]{32}"));
        }
    }

    @Test
    void keepsTheDeviceUuidAcrossRestarts() throws Exception {
        int port = SupervisorProcess.freePort();
        String first;
        try (SupervisorProcess supervisor = SupervisorProcess.start(env(port), dir.resolve("work"))) {
            assertNotNull(supervisor.awaitGet(port, "/ping", START_BOUND), supervisor.output());
            first = Files.readString(dir.resolve("data/config.json"));
        }
        try (SupervisorProcess supervisor = SupervisorProcess.start(env(port), dir.resolve("work"))) {
            assertNotNull(supervisor.awaitGet(port, "/ping", START_BOUND), supervisor.output());
            assertEquals(first, Files.readString(dir.resolve("data/config.json")));
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "BOSUN_API_PORT|abc|BOSUN_API_PORT: 'abc' is not a port number",
        "BOSUN_API_PORT|70000|BOSUN_API_PORT: '70000' is not a port number",
        "BOSUN_API_HOST|http://0.0.0.0|BOSUN_API_HOST: 'http://0.0.0.0' is not a host name or IP address",
        "DOCKER_HOST|http://127.0.0.1:2375|DOCKER_HOST: 'http://127.0.0.1:2375' has scheme 'http'",
        "BOSUN_DATA_DIR|/proc/bosun-cannot-be-here|BOSUN_DATA_DIR: cannot create /proc/bosun-cannot-be-here",
    })
    void aBadSettingStopsStartUpWithOneLineNamingIt(String variable, String value, String expected) throws Exception {
        int port = SupervisorProcess.freePort();
        Map<String, String> env = env(port);
        env.put(variable, value);
        try (SupervisorProcess supervisor = SupervisorProcess.start(env, dir.resolve("work"))) {
            assertEquals(78, supervisor.waitForExit(START_BOUND), "exit code EX_CONFIG:\n" + supervisor.output());
            String output = supervisor.output();
            assertTrue(output.contains("bosun: cannot start: " + expected), output);
            assertEquals(1, output.lines().filter(l -> l.startsWith("bosun: ")).count(), output);
            assertFalse(output.contains("The device API listens on"), "nothing half-started:\n" + output);
        }
    }

    @Test
    void aMalformedConfigJsonStopsStartUpNamingTheFileAndKeepsIt() throws Exception {
        int port = SupervisorProcess.freePort();
        Path configJson = dir.resolve("device/config.json");
        Files.createDirectories(configJson.getParent());
        Files.writeString(configJson, "{\"uuid\": \"abc\",");
        Map<String, String> env = env(port);
        env.put("BOSUN_CONFIG_JSON", configJson.toString());
        try (SupervisorProcess supervisor = SupervisorProcess.start(env, dir.resolve("work"))) {
            assertEquals(78, supervisor.waitForExit(START_BOUND), supervisor.output());
            assertTrue(supervisor.output().contains("bosun: cannot start: BOSUN_CONFIG_JSON: " + configJson
                    + " is not valid JSON"), supervisor.output());
        }
        assertEquals("{\"uuid\": \"abc\",", Files.readString(configJson), "the bad file is left for the operator");
    }

    @Test
    void anApiEndpointInConfigJsonIsRead() throws Exception {
        int port = SupervisorProcess.freePort();
        Path configJson = dir.resolve("data/config.json");
        Files.createDirectories(configJson.getParent());
        Files.writeString(configJson, "{\"uuid\":\"0123456789abcdef0123456789abcdef\",\"apiEndpoint\":\"\"}");
        try (SupervisorProcess supervisor = SupervisorProcess.start(env(port), dir.resolve("work"))) {
            assertNotNull(supervisor.awaitGet(port, "/ping", START_BOUND), supervisor.output());
            assertTrue(Files.readString(configJson).contains("0123456789abcdef0123456789abcdef"));
        }
    }
}
