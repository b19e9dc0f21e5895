package io.bosun.host;

import static io.bosun.host.HostFixture.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.keys.KeyHolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET} and {@code PATCH /v1/device/host-config} (spec §5.2, §4.3, §4.5): the host name goes to config.json
 * through the config bundle's writer, the proxy to the host's own records.
 */
class HostConfigRoutesTest {
    private static final String PROXY = "{\"type\":\"socks5\",\"ip\":\"proxy.example.com\",\"port\":8123,"
            + "\"login\":\"user\",\"password\":\"secret\",\"noProxy\":[\"152.10.30.4\",\"*.local\"]}";
    private static final KeyHolder APP_111 = new KeyHolder(false, 111, Optional.empty());

    @TempDir
    Path dir;

    HostFixture host;

    @BeforeEach
    void setUp() {
        host = new HostFixture(dir);
    }

    private ApiResponse get() throws Exception {
        return host.call("GET", "/v1/device/host-config", "");
    }

    private ApiResponse patch(String body) throws Exception {
        return host.call("PATCH", "/v1/device/host-config", body);
    }

    @Test
    void withoutAHostnameTheShortUuidStandsForItAndNoProxyIsShown() throws Exception {
        ApiResponse reply = get();
        assertEquals(200, reply.status());
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\"}}", wire(reply));
    }

    /** The writer reads config.json; while it is away (its hot update), the published identity answers. */
    @Test
    void withoutTheWriterTheHostnameOfThePublishedIdentityIsAnswered() throws Exception {
        host.writer = null;
        host.publishedHostname = Optional.of("kiosk-1");
        assertEquals("{\"network\":{\"hostname\":\"kiosk-1\"}}", wire(get()));
    }

    /** The config bundle republishes the identity through ConfigAdmin, later: a GET must not show the old name. */
    @Test
    void aHostnameIsWrittenThroughTheConfigWriterAndAnsweredAtOnce() throws Exception {
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"hostname\":\"kiosk-7\"}}"));
        assertEquals(Map.of("hostname", "kiosk-7"), host.memoryWriter.fields);
        assertEquals("{\"network\":{\"hostname\":\"kiosk-7\"}}", wire(get()));
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"hostname\":\"kiosk-8\"}}"));
        assertEquals("{\"network\":{\"hostname\":\"kiosk-8\"}}", wire(get()));
    }

    @Test
    void anEmptyHostnameRemovesTheField() throws Exception {
        patch("{\"network\":{\"hostname\":\"kiosk-7\"}}");
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"hostname\":\"\"}}"));
        assertEquals(Map.of(), host.memoryWriter.fields);
        assertEquals("set {} remove [hostname]", host.memoryWriter.updates.get(1));
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\"}}", wire(get()));
    }

    @Test
    void theProxyIsStoredAndAnsweredInBalenasFieldOrder() throws Exception {
        String given = "{\"noProxy\":[\"152.10.30.4\",\"*.local\"],\"password\":\"secret\",\"login\":\"user\","
                + "\"port\":\"8123\",\"ip\":\"proxy.example.com\",\"type\":\"socks5\"}";
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"proxy\":" + given + "}}"));
        assertEquals(PROXY, host.storedProxy().orElse(null));
        assertEquals(List.of(), host.memoryWriter.updates, "config.json is not written for a proxy");
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\",\"proxy\":" + PROXY + "}}", wire(get()));
    }

    @Test
    void anAppsKeySeesTheProxyWithoutItsPassword() throws Exception {
        host.storeProxy(PROXY);
        ApiResponse scoped = host.call("GET", "/v1/device/host-config", "", APP_111);
        assertEquals(200, scoped.status());
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\",\"proxy\":" + PROXY.replace(",\"password\":\"secret\"", "")
                + "}}", wire(scoped));
        assertEquals("{\"network\":{\"hostname\":\"a1b2c3d\",\"proxy\":" + PROXY + "}}", wire(get()));
    }

    @Test
    void aProxyPatchIsMergedWithTheStoredOneAndNullRemovesAField() throws Exception {
        host.storeProxy(PROXY);
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"proxy\":{\"port\":1080,\"login\":null,"
                + "\"password\":null,\"dns\":\"1.1.1.1:53\"}}}"));
        assertEquals("{\"type\":\"socks5\",\"ip\":\"proxy.example.com\",\"port\":1080,\"dns\":\"1.1.1.1:53\","
                + "\"noProxy\":[\"152.10.30.4\",\"*.local\"]}", host.storedProxy().orElse(null));
    }

    @Test
    void anEmptyProxyRemovesIt() throws Exception {
        host.storeProxy(PROXY);
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
            assertTrue(reply.isText(), fault.getKey());
            assertTrue(((String) reply.body()).startsWith(fault.getValue()), fault.getKey() + " → " + reply.body());
        }
        assertEquals(List.of(), host.memoryWriter.updates, "nothing was written");
        assertEquals(Optional.empty(), host.storedProxy());
    }

    @Test
    void anAppsLockRefusesWith423InTextAndForceTakesItOver() throws Exception {
        host.memoryLocks.apps.add(3L);
        host.memoryLocks.lockedByApps.add(3L);
        assertEquals(ApiResponse.text(423, "Updates are locked: app 3"), patch("{\"network\":{\"hostname\":\"kiosk\"}}"));
        assertEquals(List.of(), host.memoryWriter.updates);
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"hostname\":\"kiosk\"},\"force\":true}"));
        assertEquals(List.of("take 3 forced", "release 3"), host.memoryLocks.log);
        assertEquals("{\"network\":{\"hostname\":\"kiosk\"}}", wire(get()));
    }

    @Test
    void aFailedWriteOrAMissingServiceIs503InText() throws Exception {
        host.memoryWriter.failure = new IOException("config.json: No space left on device");
        assertEquals(ApiResponse.text(503, "config.json: No space left on device"),
                patch("{\"network\":{\"hostname\":\"kiosk\"}}"));
        host.writer = null;
        assertEquals(ApiResponse.text(503, "The config.json writer is not available right now"),
                patch("{\"network\":{\"hostname\":\"kiosk\"}}"));
        assertEquals(ApiResponse.text(200, "OK"), patch("{\"network\":{\"proxy\":{}}}"),
                "a proxy change needs no writer");
        host.records = null;
        assertEquals(ApiResponse.text(503, "The state store is not available right now"),
                patch("{\"network\":{\"hostname\":\"kiosk\"}}"));
        assertEquals(503, get().status());
    }
}
