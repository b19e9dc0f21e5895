package io.bosun.testcloud;

import static io.bosun.testcloud.CloudSetup.COMMIT;
import static io.bosun.testcloud.CloudSetup.DEVICE_KEY;
import static io.bosun.testcloud.CloudSetup.FLEET_ID;
import static io.bosun.testcloud.CloudSetup.FLEET_UUID;
import static io.bosun.testcloud.CloudSetup.UUID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class TargetStateTest extends RegisteredDeviceTest {
    private static final Pattern WEAK_ETAG = Pattern.compile("W/\"([0-9a-f]+)-[A-Za-z0-9+/]{27}\"");

    @Test
    void targetIs200WithAWeakEtagOfTheBodyThen304WhenSentBack() throws Exception {
        HttpResponse<String> first = client.target(UUID, DEVICE_KEY, null);
        assertEquals(200, first.statusCode());
        assertTrue(first.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        String etag = first.headers().firstValue("etag").orElseThrow();
        Matcher tag = WEAK_ETAG.matcher(etag);
        assertTrue(tag.matches(), etag);
        assertEquals(first.body().getBytes(StandardCharsets.UTF_8).length, Integer.parseInt(tag.group(1), 16));

        HttpResponse<String> again = client.target(UUID, DEVICE_KEY, etag);
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(etag, again.headers().firstValue("etag").orElseThrow());
    }

    @Test
    void targetHasTheShapeOpenBalenaSends() throws Exception {
        JsonNode local = DeviceClient.parse(client.target(UUID, DEVICE_KEY, null).body()).get(UUID);
        assertEquals(cloud.device(UUID).orElseThrow().name(), local.get("name").asText());
        assertEquals("600000", local.get("config").get("RESIN_SUPERVISOR_POLL_INTERVAL").asText());
        JsonNode app = local.get("apps").get(FLEET_UUID);
        assertEquals(FLEET_ID, app.get("id").asLong());
        assertEquals("myfleet", app.get("name").asText());
        assertFalse(app.get("is_host").asBoolean());
        assertEquals("fleet", app.get("class").asText());
        JsonNode release = app.get("releases").get(COMMIT);
        assertEquals("127.0.0.1:5000/app:1", release.get("services").get("main").get("image").asText());
        assertFalse(release.has("volumes"), "sent as given: no volumes key");
    }

    @Test
    void unknownUuidIs304EvenWithAGoodKey() throws Exception {
        HttpResponse<String> unknown = client.target("nosuchdevice", DEVICE_KEY, null);
        assertEquals(304, unknown.statusCode());
        assertEquals("", unknown.body());
        assertEquals(304, client.target("nosuchdevice", null, null).statusCode());
    }

    @Test
    void aBadRevokedOrStrangersKeyIs401() throws Exception {
        assertEquals(401, client.target(UUID, "notAKey", null).statusCode());
        assertEquals(401, client.target(UUID, null, null).statusCode());
        assertEquals(401, client.target(UUID, setup.provisioningKey, null).statusCode());
        assertEquals(201, client.register(setup.provisioningKey, FLEET_ID, "seconddevice", "secondKey").statusCode());
        assertEquals(401, client.target(UUID, "secondKey", null).statusCode());

        cloud.revoke(DEVICE_KEY);
        assertEquals(401, client.target(UUID, DEVICE_KEY, null).statusCode());
    }

    @Test
    void aNewReleaseConfigNameOrExtraAppGivesANewEtag() throws Exception {
        String etag = etag();
        assertEquals(304, client.target(UUID, DEVICE_KEY, etag).statusCode());

        cloud.release(FLEET_ID, "beef0000beef0000beef0000beef0000", CloudSetup.RELEASE.replace("app:1", "app:2"));
        HttpResponse<String> changed = client.target(UUID, DEVICE_KEY, etag);
        assertEquals(200, changed.statusCode());
        String afterRelease = changed.headers().firstValue("etag").orElseThrow();
        assertNotEquals(etag, afterRelease);
        assertTrue(DeviceClient.parse(changed.body()).get(UUID).get("apps").get(FLEET_UUID).get("releases")
                .has("beef0000beef0000beef0000beef0000"));

        cloud.config(FLEET_ID, Map.of("RESIN_SUPERVISOR_POLL_INTERVAL", "700000"));
        String afterConfig = etag();
        assertNotEquals(afterRelease, afterConfig);

        cloud.extraApp("hostappuuid", "{\"id\":99,\"name\":\"balena-os\",\"is_host\":true,\"class\":\"app\","
                + "\"releases\":{}}");
        HttpResponse<String> withExtra = client.target(UUID, DEVICE_KEY, afterConfig);
        assertEquals(200, withExtra.statusCode());
        assertTrue(DeviceClient.parse(withExtra.body()).get(UUID).get("apps").get("hostappuuid").get("is_host")
                .asBoolean());
        String afterExtra = withExtra.headers().firstValue("etag").orElseThrow();

        assertEquals(200, client.json("PATCH", "/v6/device(1)", DEVICE_KEY, "{\"device_name\":\"renamed\"}")
                .statusCode());
        HttpResponse<String> renamed = client.target(UUID, DEVICE_KEY, afterExtra);
        assertEquals(200, renamed.statusCode());
        assertEquals("renamed", DeviceClient.parse(renamed.body()).get(UUID).get("name").asText());
    }

    @Test
    void aRawTargetIsAnsweredVerbatimUntilCleared() throws Exception {
        cloud.rawTarget(UUID, "{not json");
        HttpResponse<String> raw = client.target(UUID, DEVICE_KEY, null);
        assertEquals(200, raw.statusCode());
        assertEquals("{not json", raw.body());
        assertTrue(WEAK_ETAG.matcher(raw.headers().firstValue("etag").orElseThrow()).matches());

        cloud.rawTarget(UUID, null);
        assertTrue(DeviceClient.parse(client.target(UUID, DEVICE_KEY, null).body()).has(UUID));
    }

    private String etag() throws Exception {
        HttpResponse<String> response = client.target(UUID, DEVICE_KEY, null);
        assertEquals(200, response.statusCode());
        return response.headers().firstValue("etag").orElseThrow();
    }
}
