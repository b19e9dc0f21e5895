package io.bosun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.DeviceIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@SuppressWarnings("unchecked")
class ConfigJsonFileTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsCreatedWithANewUuidThatSticks() throws Exception {
        Path file = dir.resolve("sub/config.json");
        DeviceIdentity first = ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64");
        assertTrue(first.uuid().matches("[0-9a-f]{32}"), first.uuid());
        assertTrue(first.unmanaged());
        assertTrue(Files.readString(file).contains(first.uuid()));
        DeviceIdentity again = ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64");
        assertEquals(first.uuid(), again.uuid());
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(1, leftovers.count(), "no temporary file is left beside config.json");
        }
    }

    @Test
    void anApiEndpointMakesTheDeviceManagedAndOtherFieldsAreKept() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"apiEndpoint\":\"https://api.example\",\"deviceType\":\"raspberrypi4-64\","
                + "\"applicationId\":12,\"persistentLogging\":true}");
        DeviceIdentity device = ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "aarch64");
        assertFalse(device.unmanaged());
        assertEquals(Optional.of("https://api.example"), device.apiEndpoint());
        assertEquals("raspberrypi4-64", device.deviceType());
        assertEquals("aarch64", device.deviceArch());
        String written = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(written.contains("\"applicationId\" : 12"), written);
        assertTrue(written.contains("\"persistentLogging\" : true"), written);
    }

    @Test
    void anEmptyApiEndpointMeansUnmanaged() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"uuid\":\"abc\",\"apiEndpoint\":\"\"}");
        DeviceIdentity device = ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64");
        assertTrue(device.unmanaged());
        assertEquals("abc", device.uuid());
    }

    @Test
    void malformedJsonIsRejectedNamingTheVariableAndPlace() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"uuid\": \n  oops}");
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64"));
        assertEquals("BOSUN_CONFIG_JSON: " + file + " is not valid JSON (line 2, column 3)", e.getMessage());
        assertEquals("{\"uuid\": \n  oops}", Files.readString(file), "a bad file is left as it was");
    }

    @Test
    void aNonObjectOrAWronglyTypedFieldIsRejected() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "[1,2]");
        assertEquals("BOSUN_CONFIG_JSON: " + file + " must hold a JSON object", assertThrows(
                InvalidSettingException.class, () -> ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "x"))
                .getMessage());
        Files.writeString(file, "{\"uuid\": 12}");
        assertEquals("BOSUN_CONFIG_JSON: " + file + ": 'uuid' must be a string", assertThrows(
                InvalidSettingException.class, () -> ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "x"))
                .getMessage());
    }

    @Test
    void everyBalenaFieldBosunKnowsIsReadWithItsType() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"uuid\":\"abc\",\"apiEndpoint\":\"https://api.example\",\"applicationId\":12,"
                + "\"deviceId\":3456,\"registered_at\":1700000000000,\"deviceApiKey\":\"dk\",\"apiKey\":\"pk\","
                + "\"hostname\":\"plant-7\"}");
        DeviceIdentity device = ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64");
        assertEquals(Optional.of(12L), device.applicationId());
        assertEquals(Optional.of(3456L), device.deviceId());
        assertEquals(Optional.of(1700000000000L), device.registeredAt());
        assertEquals(Optional.of("dk"), device.deviceApiKey());
        assertEquals(Optional.of("pk"), device.provisioningKey(), "config.json's apiKey is the provisioning key");
        assertEquals(Optional.of("plant-7"), device.hostname());
    }

    @Test
    void absentOrNullFieldsAreUnknown() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"uuid\":\"abc\",\"deviceId\":null,\"hostname\":null}");
        DeviceIdentity device = ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64");
        assertEquals(Optional.empty(), device.deviceId());
        assertEquals(Optional.empty(), device.registeredAt());
        assertEquals(Optional.empty(), device.hostname());
        assertEquals(Optional.empty(), device.provisioningKey());
    }

    /** As balena's PermissiveNumber: provisioning tools that write ids as strings of digits are understood. */
    @Test
    void numbersMayBeStringsOfDigitsOrWholeFloatingNumbers() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"uuid\":\"abc\",\"applicationId\":\"12\",\"deviceId\":\" 3456 \","
                + "\"registered_at\":1.7E12}");
        DeviceIdentity device = ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64");
        assertEquals(Optional.of(12L), device.applicationId());
        assertEquals(Optional.of(3456L), device.deviceId());
        assertEquals(Optional.of(1700000000000L), device.registeredAt());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"uuid\":\"a\",\"applicationId\":\"twelve\"}|'applicationId' must be a whole number",
        "{\"uuid\":\"a\",\"deviceId\":12.5}|'deviceId' must be a whole number",
        "{\"uuid\":\"a\",\"registered_at\":true}|'registered_at' must be a whole number",
        "{\"uuid\":\"a\",\"deviceApiKey\":7}|'deviceApiKey' must be a string",
        "{\"uuid\":\"a\",\"apiKey\":[\"k\"]}|'apiKey' must be a string",
        "{\"uuid\":\"a\",\"hostname\":{}}|'hostname' must be a string",
    })
    void aWronglyTypedFieldStopsStartUpNamingIt(String content, String problem) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, content);
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64"));
        assertEquals("BOSUN_CONFIG_JSON: " + file + ": " + problem, e.getMessage());
        assertEquals(content, Files.readString(file), "a bad file is left as it was");
    }

    @Test
    void theWholeFileIsHandedOnAsPlainValuesInItsOrder() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"uuid\":\"abc\",\"persistentLogging\":true,\"appUpdatePollInterval\":900000,"
                + "\"ratio\":0.5,\"os\":{\"power\":{\"mode\":\"low\"}},\"dns\":[\"1.1.1.1\",null],\"nothing\":null}");
        Map<String, Object> json = ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64").configJson();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("uuid", "abc");
        expected.put("persistentLogging", true);
        expected.put("appUpdatePollInterval", 900000L);
        expected.put("ratio", 0.5);
        expected.put("os", Map.of("power", Map.of("mode", "low")));
        expected.put("dns", Arrays.asList("1.1.1.1", null));
        expected.put("nothing", null);
        assertEquals(expected, json);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(json.keySet()), "in the file's order");
        assertThrows(UnsupportedOperationException.class,
                () -> ((Map<String, Object>) json.get("os")).put("x", 1), "nested values cannot be changed either");
    }

    /** Giving a device that has lost its uuid a new one is no change of uuid: the device could not start otherwise. */
    @Test
    void aRegisteredDeviceWithoutAUuidStillGetsOne() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"registered_at\":1700000000000}");
        DeviceIdentity device = ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64");
        assertTrue(device.uuid().matches("[0-9a-f]{32}"), device.uuid());
    }

    @Test
    void jvmArchitecturesMapToBalenaSlugs() {
        assertEquals("amd64", ConfigJsonFile.archSlug("amd64"));
        assertEquals("aarch64", ConfigJsonFile.archSlug("aarch64"));
        assertEquals("armv7hf", ConfigJsonFile.archSlug("arm"));
        assertEquals("i386", ConfigJsonFile.archSlug("x86"));
    }

    @Test
    void versionCarriesTheBalenaApiLevelAndBosunsOwnVersion() {
        assertEquals("19.0.5+bosun.0.1.0",
                ConfigActivator.version(new org.osgi.framework.Version(0, 1, 0, "202611210456")));
    }
}
