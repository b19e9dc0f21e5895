package io.bosun.testcloud;

import static io.bosun.testcloud.CloudSetup.DEVICE_KEY;
import static io.bosun.testcloud.CloudSetup.FLEET_ID;
import static io.bosun.testcloud.CloudSetup.UUID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

class ProvisioningTest extends CloudTest {

    @Test
    void registrationAnswers201WithIdUuidAndKeyThen409OnTheSameUuid() throws Exception {
        HttpResponse<String> first = client.register(setup.provisioningKey, FLEET_ID, UUID, DEVICE_KEY);
        assertEquals(201, first.statusCode());
        JsonNode body = DeviceClient.parse(first.body());
        assertEquals(1, body.get("id").asLong());
        assertEquals(UUID, body.get("uuid").asText());
        assertEquals(DEVICE_KEY, body.get("api_key").asText());

        Device device = cloud.device(UUID).orElseThrow();
        assertEquals(FLEET_ID, device.fleetId());
        assertEquals("generic-amd64", device.deviceType());
        assertEquals(DEVICE_KEY, device.apiKey());
        assertEquals("prod", device.registerBody().get("os_variant"));
        assertTrue(device.name().matches("[a-z]+-[a-z]+"), device.name());

        HttpResponse<String> again = client.register(setup.provisioningKey, FLEET_ID, UUID, DEVICE_KEY);
        assertEquals(409, again.statusCode());
        assertEquals("\"uuid\" must be unique.", again.body());
    }

    @Test
    void registrationWithAnUnknownRevokedOrForeignKeyIs401() throws Exception {
        assertEquals(401, client.register("notAKey", FLEET_ID, UUID, DEVICE_KEY).statusCode());
        assertEquals(401, client.register(null, FLEET_ID, UUID, DEVICE_KEY).statusCode());

        cloud.addFleet(8, "otherfleetuuid", "other");
        String otherFleetsKey = cloud.provisioningKey(8);
        assertEquals(401, client.register(otherFleetsKey, FLEET_ID, UUID, DEVICE_KEY).statusCode());

        cloud.revoke(setup.provisioningKey);
        assertEquals(401, client.register(setup.provisioningKey, FLEET_ID, UUID, DEVICE_KEY).statusCode());
        assertFalse(cloud.device(UUID).isPresent());
    }

    @Test
    void keyExchangeWithTheProvisioningKeyIs401() throws Exception {
        setup.withDevice();
        HttpResponse<String> exchange = client.json("POST", "/api-key/device/1/device-key", setup.provisioningKey,
                "{\"apiKey\":\"" + DEVICE_KEY + "\"}");
        assertEquals(401, exchange.statusCode());
    }

    @Test
    void deviceLookupFindsTheDeviceWithItsOwnKeyOnly() throws Exception {
        setup.withDevice();
        String filter = "/v6/device?$filter=uuid%20eq%20'" + UUID + "'&$select=id,uuid";
        HttpResponse<String> own = client.get(filter, DEVICE_KEY);
        assertEquals(200, own.statusCode());
        JsonNode d = DeviceClient.parse(own.body()).get("d");
        assertEquals(1, d.size());
        assertEquals(UUID, d.get(0).get("uuid").asText());
        assertEquals(1, d.get(0).get("id").asLong());
        assertEquals(2, d.get(0).size(), "only the selected fields");

        HttpResponse<String> v7 = client.get("/v7/device?$filter=uuid%20eq%20'" + UUID + "'", DEVICE_KEY);
        assertEquals(UUID, DeviceClient.parse(v7.body()).get("d").get(0).get("uuid").asText());

        assertEquals(201, client.register(setup.provisioningKey, FLEET_ID, "seconddevice", "secondKey").statusCode());
        HttpResponse<String> stranger = client.get(filter, "secondKey");
        assertEquals(200, stranger.statusCode());
        assertEquals("{\"d\":[]}", stranger.body());

        assertEquals(401, client.get(filter, "notAKey").statusCode());
        assertEquals(401, client.get(filter, setup.provisioningKey).statusCode());
        cloud.revoke(DEVICE_KEY);
        assertEquals(401, client.get(filter, DEVICE_KEY).statusCode());
    }

    @Test
    void pingAndOsConfigAnswerAndUnknownPathsAre404AndRecorded() throws Exception {
        HttpResponse<String> ping = client.get("/ping", null);
        assertEquals(200, ping.statusCode());
        assertEquals("OK", ping.body());
        assertEquals(200, client.get("/os/v1/config", null).statusCode());
        assertEquals(200, client.get("/os/v1/config/", null).statusCode());
        DeviceClient.parse(client.get("/os/v1/config", null).body());

        assertEquals(404, client.get("/no/such/thing?x=1", null).statusCode());
        Recorded unknown = cloud.requests("GET", "/no/such").get(0);
        assertEquals("/no/such/thing?x=1", unknown.path());
        assertEquals(404, unknown.status());
    }
}
