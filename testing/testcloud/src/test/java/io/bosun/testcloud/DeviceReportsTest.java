package io.bosun.testcloud;

import static io.bosun.testcloud.CloudSetup.DEVICE_KEY;
import static io.bosun.testcloud.CloudSetup.FLEET_ID;
import static io.bosun.testcloud.CloudSetup.UUID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

class DeviceReportsTest extends RegisteredDeviceTest {
    @Test
    void stateReportsAre200EmptyAndMergeTopLevelFields() throws Exception {
        HttpResponse<String> first = client.json("PATCH", "/device/v3/state", DEVICE_KEY, "{\"" + UUID
                + "\":{\"status\":\"Idle\",\"cpu_usage\":12,\"apps\":{\"a\":{\"release_uuid\":\"x\"}}}}");
        assertEquals(200, first.statusCode());
        assertEquals("", first.body());
        HttpResponse<String> second = client.json("PATCH", "/device/v3/state", DEVICE_KEY, "{\"" + UUID
                + "\":{\"cpu_usage\":40,\"apps\":{\"b\":{}}}}");
        assertEquals(200, second.statusCode());

        List<Map<String, Object>> reports = cloud.stateReports(UUID);
        assertEquals(2, reports.size());
        assertEquals(12, reports.get(0).get("cpu_usage"));
        Map<String, Object> merged = cloud.mergedState(UUID);
        assertEquals("Idle", merged.get("status"));
        assertEquals(40, merged.get("cpu_usage"));
        assertEquals(Map.of("b", Map.of()), merged.get("apps"), "apps replaced whole");
    }

    @Test
    void stateReportsForAnotherOrUnknownDeviceOrWithABadKeyAre401AndNotKept() throws Exception {
        assertEquals(401, client.json("PATCH", "/device/v3/state", "notAKey", "{\"" + UUID + "\":{}}")
                .statusCode());
        assertEquals(401, client.json("PATCH", "/device/v3/state", DEVICE_KEY, "{\"otherdevice\":{}}")
                .statusCode());
        assertEquals(400, client.json("PATCH", "/device/v3/state", DEVICE_KEY, "{broken").statusCode());
        assertTrue(cloud.stateReports(UUID).isEmpty());
    }

    @Test
    void aGzippedReportWithContentLengthIsDecoded() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(("{\"" + UUID + "\":{\"status\":\"Idle\"}}").getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = client.send(client.request("/device/v3/state", DEVICE_KEY)
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())).build());
        assertEquals(200, response.statusCode());
        assertEquals("Idle", cloud.mergedState(UUID).get("status"));
        Recorded recorded = cloud.requests("PATCH", "/device/v3/state").get(0);
        assertEquals("{\"" + UUID + "\":{\"status\":\"Idle\"}}", recorded.bodyText());
        assertEquals("gzip", recorded.header("Content-Encoding"));
    }

    @Test
    void tagsAreReplacedByEachPatch() throws Exception {
        assertEquals(200, client.json("PATCH", "/device/v3/tags", DEVICE_KEY,
                "{\"" + UUID + "\":{\"room\":\"kitchen\",\"floor\":\"1\"}}").statusCode());
        assertEquals(Map.of("room", "kitchen", "floor", "1"), cloud.tags(UUID));
        assertEquals(200, client.json("PATCH", "/device/v3/tags", DEVICE_KEY,
                "{\"" + UUID + "\":{\"room\":\"attic\"}}").statusCode());
        assertEquals(Map.of("room", "attic"), cloud.tags(UUID));
    }

    @Test
    void configVariablesAre201AndOverrideTheFleetsInTheTarget() throws Exception {
        HttpResponse<String> created = client.json("POST", "/v7/device_config_variable", DEVICE_KEY,
                "{\"device\":1,\"name\":\"RESIN_SUPERVISOR_POLL_INTERVAL\",\"value\":\"900000\"}");
        assertEquals(201, created.statusCode());
        assertEquals("900000", DeviceClient.parse(created.body()).get("value").asText());
        assertEquals(201, client.json("POST", "/v6/device_config_variable", DEVICE_KEY,
                "{\"device\":1,\"name\":\"RESIN_HOST_CONFIG_gpu_mem\",\"value\":\"16\"}").statusCode());
        assertEquals(401, client.json("POST", "/v7/device_config_variable", DEVICE_KEY,
                "{\"device\":2,\"name\":\"RESIN_X\",\"value\":\"1\"}").statusCode());

        List<Map<String, Object>> variables = cloud.configVariables(UUID);
        assertEquals(2, variables.size());
        assertEquals("RESIN_SUPERVISOR_POLL_INTERVAL", variables.get(0).get("name"));
        String config = DeviceClient.parse(client.target(UUID, DEVICE_KEY, null).body()).get(UUID).get("config")
                .toString();
        assertTrue(config.contains("\"RESIN_SUPERVISOR_POLL_INTERVAL\":\"900000\""), config);
        assertTrue(config.contains("\"RESIN_HOST_CONFIG_gpu_mem\":\"16\""), config);
    }

    @Test
    void theDeviceNameCanBeSetByIdOrByFilter() throws Exception {
        assertFalse(cloud.deviceName(UUID).isPresent());
        assertEquals(200, client.json("PATCH", "/v6/device(1)", DEVICE_KEY, "{\"device_name\":\"first\"}")
                .statusCode());
        assertEquals("first", cloud.deviceName(UUID).orElseThrow());
        assertEquals(200, client.json("PATCH", "/v7/device?$filter=uuid%20eq%20'" + UUID + "'", DEVICE_KEY,
                "{\"device_name\":\"second\"}").statusCode());
        assertEquals("second", cloud.deviceName(UUID).orElseThrow());
        assertEquals("second", cloud.device(UUID).orElseThrow().name());

        assertEquals(201, client.register(setup.provisioningKey, FLEET_ID, "seconddevice", "secondKey").statusCode());
        assertEquals(200, client.json("PATCH", "/v6/device(1)", "secondKey", "{\"device_name\":\"hijacked\"}")
                .statusCode(), "pine answers 200 for a row the key cannot see");
        assertEquals("second", cloud.deviceName(UUID).orElseThrow());
        assertEquals(401, client.json("PATCH", "/v6/device(1)", "notAKey", "{\"device_name\":\"x\"}").statusCode());
    }
}
