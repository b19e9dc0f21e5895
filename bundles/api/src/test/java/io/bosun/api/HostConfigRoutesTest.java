package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import static io.bosun.api.HostFixture.request;
import static io.bosun.api.HostFixture.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET} and {@code PATCH /v1/device/host-config} over a real config.json (spec §5.2, §4.3, §4.5). */
class HostConfigRoutesTest {
    private static final String CONFIG_JSON = "{\"uuid\":\"" + HostFixture.UUID + "\",\"apiEndpoint\":"
            + "\"https://api.example.com\",\"deviceType\":\"raspberrypi4-64\",\"os\":{\"sshKeys\":[\"ssh-ed25519 A\"]},"
            + "\"persistentLogging\":false}";
    private static final String PROXY = "{\"type\":\"socks5\",\"ip\":\"proxy.example.com\",\"port\":8123,"
            + "\"login\":\"user\",\"password\":\"secret\",\"noProxy\":[\"152.10.30.4\",\"*.local\"]}";

    @TempDir
    Path dir;

    HostFixture host;
    Router router;

    @BeforeEach
    void setUp() throws Exception {
        host = new HostFixture(dir);
        router = new Router(host.routes());
        Files.writeString(host.configJson, CONFIG_JSON);
    }

    private ApiResponse get() {
        return router.answer(request("GET", "/v1/device/host-config", ""));
    }

    private ApiResponse patch(String body) {
        return router.answer(request("PATCH", "/v1/device/host-config", body));
    }

    @Test
    void withoutAHostnameTheShortUuidStandsForItAndNoProxyIsShown() throws Exception {
        ApiResponse reply = get();
        assertEquals(200, reply.status());
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\"}}", wire(reply));
    }

    @Test
    void aHostnameIsWrittenIntoConfigJsonKeepingEveryOtherField() throws Exception {
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"hostname\":\"kiosk-7\"}}"));
        assertEquals("{\"network\":{\"hostname\":\"kiosk-7\"}}", wire(get()));
        String expected = CONFIG_JSON.substring(0, CONFIG_JSON.length() - 1) + ",\"hostname\":\"kiosk-7\"}";
        assertEquals(Json.MAPPER.readTree(expected), Json.MAPPER.readTree(Files.readAllBytes(host.configJson)));
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"hostname\":\"kiosk-8\"}}"));
        assertEquals("kiosk-8", Json.MAPPER.readTree(Files.readAllBytes(host.configJson)).get("hostname").asText());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(host.configJson), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void anEmptyHostnameRemovesTheField() throws Exception {
        patch("{\"network\":{\"hostname\":\"kiosk-7\"}}");
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"hostname\":\"\"}}"));
        assertEquals(Json.MAPPER.readTree(CONFIG_JSON), Json.MAPPER.readTree(Files.readAllBytes(host.configJson)));
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\"}}", wire(get()));
    }

    @Test
    void aMissingConfigJsonIsCreatedWithTheHostname() throws Exception {
        Files.delete(host.configJson);
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\"}}", wire(get()));
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"hostname\":\"kiosk\"}}"));
        assertEquals("{\"hostname\":\"kiosk\"}", Json.MAPPER.readTree(Files.readAllBytes(host.configJson)).toString());
    }

    @Test
    void theProxyIsStoredAndAnsweredInBalenasFieldOrder() throws Exception {
        String given = "{\"noProxy\":[\"152.10.30.4\",\"*.local\"],\"password\":\"secret\",\"login\":\"user\","
                + "\"port\":\"8123\",\"ip\":\"proxy.example.com\",\"type\":\"socks5\"}";
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"proxy\":" + given + "}}"));
        assertEquals(PROXY, host.storedProxy().orElse(null));
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\",\"proxy\":" + PROXY + "}}", wire(get()));
    }

    @Test
    void anAppsKeySeesTheProxyWithoutItsPassword() throws Exception {
        host.records.namespace(HostRoutes.NAMESPACE).put(HostRoutes.PROXY_KEY, PROXY);
        Router keyed = new Router(host.routes(), AuthTest.ON);
        ApiResponse scoped = keyed.answer(new Request("GET", "/v1/device/host-config", Map.of(),
                Map.of("authorization", "Bearer " + AuthTest.SCOPED_111), new byte[0]));
        assertEquals(200, scoped.status());
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\",\"proxy\":" + PROXY.replace(",\"password\":\"secret\"", "")
                + "}}", wire(scoped));
        ApiResponse global = keyed.answer(new Request("GET", "/v1/device/host-config", Map.of(),
                Map.of("authorization", "Bearer " + AuthTest.GLOBAL), new byte[0]));
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\",\"proxy\":" + PROXY + "}}", wire(global));
    }

    @Test
    void aProxyPatchIsMergedWithTheStoredOneAndNullRemovesAField() throws Exception {
        host.records.namespace(HostRoutes.NAMESPACE).put(HostRoutes.PROXY_KEY, PROXY);
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"proxy\":{\"port\":1080,\"login\":null,"
                + "\"password\":null,\"dns\":\"1.1.1.1:53\"}}}"));
        assertEquals("{\"type\":\"socks5\",\"ip\":\"proxy.example.com\",\"port\":1080,\"dns\":\"1.1.1.1:53\","
                + "\"noProxy\":[\"152.10.30.4\",\"*.local\"]}", host.storedProxy().orElse(null));
    }

    @Test
    void anEmptyProxyRemovesIt() throws Exception {
        host.records.namespace(HostRoutes.NAMESPACE).put(HostRoutes.PROXY_KEY, PROXY);
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"proxy\":{}}}"));
        assertFalse(host.storedProxy().isPresent());
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\"}}", wire(get()));
    }

    @Test
    void unknownFieldsAreIgnoredAsBalenaDoes() throws Exception {
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"hostname\":\"kiosk\",\"force\":true,"
                + "\"proxy\":{\"colour\":\"red\"}},\"extra\":1}"));
        assertFalse(host.storedProxy().isPresent(), "a proxy of unknown fields changes nothing");
        assertEquals("{\"network\":{\"hostname\":\"kiosk\"}}", wire(get()));
    }

    @Test
    void aBadBodyIsA400NamingTheFaultAndChangesNothing() throws Exception {
        Map<String, String> faults = Map.ofEntries(
                Map.entry("{\"network\":", "The body is not valid JSON: "),
                Map.entry("", "The body must be a JSON object with \"network\""),
                Map.entry("[1]", "The body must be a JSON object with \"network\""),
                Map.entry("{\"hostname\":\"x\"}", "\"network\" must be an object"),
                Map.entry("{\"network\":{},\"force\":\"yes\"}", "\"force\" must be true or false"),
                Map.entry("{\"network\":{\"hostname\":7}}", "\"network.hostname\" must be a string"),
                Map.entry("{\"network\":{\"hostname\":\"my host\"}}", "\"network.hostname\" must be a host name"),
                Map.entry("{\"network\":{\"hostname\":\"x\",\"proxy\":[]}}", "\"network.proxy\" must be an object"),
                Map.entry("{\"network\":{\"hostname\":\"x\",\"proxy\":{\"type\":\"ftp\"}}}",
                        "\"network.proxy.type\" must be one of socks4, socks5, http-connect, http-relay"),
                Map.entry("{\"network\":{\"proxy\":{\"port\":70000}}}",
                        "\"network.proxy.port\" must be a port number (1-65535)"),
                Map.entry("{\"network\":{\"proxy\":{\"noProxy\":\"*.local\"}}}",
                        "\"network.proxy.noProxy\" must be an array of addresses (strings)"),
                Map.entry("{\"network\":{\"proxy\":{\"dns\":53}}}",
                        "\"network.proxy.dns\" must be ADDRESS:PORT or a boolean"),
                Map.entry("{\"network\":{\"proxy\":{\"ip\":\"\"}}}", "\"network.proxy.ip\" must be a non-empty string"),
                Map.entry("{\"network\":{\"hostname\":\"x\",\"proxy\":{\"type\":\"socks5\"}}}",
                        "\"network.proxy\" needs type, ip and port; missing: ip, port"));
        for (Map.Entry<String, String> fault : faults.entrySet()) {
            ApiResponse reply = patch(fault.getKey());
            assertEquals(400, reply.status(), fault.getKey());
            assertEquals(true, reply.isText(), fault.getKey());
            assertEquals(true, ((String) reply.body()).startsWith(fault.getValue()), fault.getKey() + " → "
                    + reply.body());
        }
        assertEquals(CONFIG_JSON, Files.readString(host.configJson), "nothing was written");
        assertEquals(Optional.empty(), host.storedProxy());
    }

    @Test
    void anAppsLockRefusesWith423InTextAndForceTakesItOver() throws Exception {
        host.appWithLockFolders(3, "main");
        host.memoryLocks.lockedByApps.add(3L);
        assertEquals(ApiResponse.text(423, "Updates are locked: app 3"), patch("{\"network\":{\"hostname\":\"kiosk\"}}"));
        assertEquals(CONFIG_JSON, Files.readString(host.configJson));
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"hostname\":\"kiosk\"},\"force\":true}"));
        assertEquals(List.of("take 3 forced", "release 3"), host.memoryLocks.log);
        assertEquals("{\"network\":{\"hostname\":\"kiosk\"}}", wire(get()));
    }

    @Test
    void anUnreadableConfigJsonOrAMissingServiceIs503InText() throws Exception {
        Files.writeString(host.configJson, "[]");
        ApiResponse reply = patch("{\"network\":{\"hostname\":\"kiosk\"}}");
        assertEquals(ApiResponse.text(503, host.configJson + " must hold a JSON object"), reply);
        host.services.records = null;
        assertEquals(ApiResponse.text(503, "The state store is not available right now"),
                patch("{\"network\":{\"hostname\":\"kiosk\"}}"));
        assertEquals(503, get().status());
    }
}
