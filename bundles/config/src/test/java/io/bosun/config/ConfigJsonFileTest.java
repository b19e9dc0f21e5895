package io.bosun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.DeviceIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
