package io.bosun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The identity's way into the io.bosun.config configuration and back out of it. */
class ConfigurationPropertiesTest {
    static final SupervisorSettings SETTINGS = new SupervisorSettings(Path.of("/data"), "127.0.0.1", 48484,
            Path.of("/data/config.json"), URI.create("unix:///var/run/docker.sock"), Path.of("/locks"));

    static DeviceIdentity unregistered() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("uuid", "abc");
        json.put("apiEndpoint", "https://api.example");
        json.put("applicationId", 12L);
        json.put("apiKey", "provisioning");
        json.put("os", Map.of("power", Map.of("mode", "low")));
        return new DeviceIdentity("abc", Optional.of("https://api.example"), "raspberrypi4-64", "aarch64",
                Optional.of(12L), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("provisioning"),
                Optional.empty(), json);
    }

    static DeviceIdentity registered() {
        Map<String, Object> json = new LinkedHashMap<>(unregistered().configJson());
        json.remove("apiKey");
        json.put("deviceId", 3456L);
        json.put("registered_at", 1700000000000L);
        json.put("deviceApiKey", "device-key");
        json.put("hostname", "plant-7");
        return new DeviceIdentity("abc", Optional.of("https://api.example"), "raspberrypi4-64", "aarch64",
                Optional.of(12L), Optional.of(3456L), Optional.of(1700000000000L), Optional.of("device-key"),
                Optional.empty(), Optional.of("plant-7"), json);
    }

    @Test
    void anIdentityComesBackAsItWentIn() {
        for (DeviceIdentity device : List.of(unregistered(), registered(),
                new DeviceIdentity("abc", Optional.empty(), null, null))) {
            assertEquals(device, ConfigurationProperties.identity(ConfigurationProperties.of(SETTINGS, device, "v")));
        }
    }

    @Test
    void unknownFieldsAreAbsentPropertiesAndTheKeysArePrivate() {
        Hashtable<String, Object> properties = ConfigurationProperties.of(SETTINGS, unregistered(), "v");
        assertFalse(properties.containsKey("deviceId"));
        assertFalse(properties.containsKey("registeredAt"));
        assertFalse(properties.containsKey("hostname"));
        assertEquals(12L, properties.get("applicationId"));
        assertEquals("provisioning", properties.get(".provisioningKey"));
        for (String key : properties.keySet()) {
            boolean secret = key.toLowerCase().contains("key") || key.toLowerCase().contains("text");
            assertEquals(secret, key.startsWith("."), key + ": what holds a key is not a service property");
        }
    }

    @Test
    void republishingReplacesTheIdentityAndOnlyIt() {
        Hashtable<String, Object> current = ConfigurationProperties.of(SETTINGS, unregistered(), "v");
        current.put("vendor.extra", "kept");
        Hashtable<String, Object> republished = ConfigurationProperties.withIdentity(current, registered());
        assertEquals("kept", republished.get("vendor.extra"));
        assertEquals("/data", republished.get("dataDir"));
        assertEquals(48484, republished.get("apiPort"));
        assertEquals(3456L, republished.get("deviceId"));
        assertEquals(1700000000000L, republished.get("registeredAt"));
        assertEquals("plant-7", republished.get("hostname"));
        assertEquals("device-key", republished.get(".deviceApiKey"));
        assertFalse(republished.containsKey(".provisioningKey"), "a field gone from the file goes from here");
        assertTrue(republished.get(".configJsonText").toString().contains("\"deviceId\":3456"));
        assertEquals(registered(), ConfigurationProperties.identity(republished));
        assertEquals(unregistered(), ConfigurationProperties.identity(current), "the current one is not changed");
    }

    @Test
    void numbersAndJsonAsATestOrVendorMayWriteThem() {
        Hashtable<String, Object> properties = ConfigurationProperties.of(SETTINGS, unregistered(), "v");
        properties.put("deviceId", 7);
        properties.put("registeredAt", " 1700000000000 ");
        DeviceIdentity device = ConfigurationProperties.identity(properties);
        assertEquals(Optional.of(7L), device.deviceId());
        assertEquals(Optional.of(1700000000000L), device.registeredAt());
        properties.put("deviceId", "seven");
        assertEquals("deviceId: 'seven' is not a whole number",
                assertThrows(IllegalArgumentException.class, () -> ConfigurationProperties.identity(properties))
                        .getMessage());
        properties.put("deviceId", 7);
        properties.put(".configJsonText", "[1]");
        assertEquals(".configJsonText: not the JSON text of an object",
                assertThrows(IllegalArgumentException.class, () -> ConfigurationProperties.identity(properties))
                        .getMessage());
        properties.remove(".configJsonText");
        assertEquals(Map.of(), ConfigurationProperties.identity(properties).configJson());
    }
}
