package io.bosun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one writer of config.json, on a real file, republishing into an in-memory ConfigurationAdmin. */
class ConfigJsonWriterComponentTest {
    static final String UUID = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    Path file;
    final FakeConfigurationAdmin configAdmin = new FakeConfigurationAdmin();
    ConfigJsonWriterComponent writer;

    @BeforeEach
    void provisionable() throws Exception {
        file = dir.resolve("config.json");
        // Compact, as a provisioning tool writes it: a rewrite would show.
        Files.writeString(file, "{\"applicationId\":12,\"uuid\":\"" + UUID + "\","
                + "\"apiEndpoint\":\"https://api.example\","
                + "\"apiKey\":\"provisioning\",\"persistentLogging\":true,\"os\":{\"power\":{\"mode\":\"low\"}}}");
        SupervisorSettings settings = new SupervisorSettings(dir, "127.0.0.1", 0, file,
                URI.create("unix:///var/run/docker.sock"), dir.resolve("locks"));
        DeviceIdentity started = ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64");
        configAdmin.stored.put(ConfigActivator.PID,
                ConfigurationProperties.of(settings, started, "19.0.5+bosun.0.1.0"));
        writer = new ConfigJsonWriterComponent(file, "amd64", configAdmin.admin());
    }

    private Map<String, Object> registration() {
        return Map.of("deviceId", 3456L, "registered_at", 1700000000000L, "deviceApiKey", "device-key");
    }

    @Test
    void provisioningWritesItsFieldsAndDropsTheProvisioningKey() throws Exception {
        DeviceIdentity device = writer.update(registration(), Set.of("apiKey"));
        assertEquals(Optional.of(3456L), device.deviceId());
        assertEquals(Optional.of(1700000000000L), device.registeredAt());
        assertEquals(Optional.of("device-key"), device.deviceApiKey());
        assertEquals(Optional.empty(), device.provisioningKey());
        String written = Files.readString(file);
        assertFalse(written.contains("\"apiKey\""), written);
        assertTrue(written.contains("\"deviceApiKey\" : \"device-key\""), written);
        assertEquals(device, ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64"),
                "the next start reads what was answered");
    }

    @Test
    void everyOtherFieldIsKeptInItsOrderAndNewOnesComeLast() throws Exception {
        writer.update(Map.of("applicationId", 13L, "hostname", "plant-7"), Set.of());
        String written = Files.readString(file);
        assertEquals(List.of("applicationId", "uuid", "apiEndpoint", "apiKey", "persistentLogging", "os", "power",
                "mode", "hostname"), keysInOrder(written));
        assertTrue(written.contains("\"applicationId\" : 13"), written);
        assertTrue(written.contains("\"persistentLogging\" : true"), written);
        assertTrue(written.contains("\n  \"os\" : {\n"), "pretty-printed: " + written);
    }

    /** Through DurableFiles: a new file renamed over the old one, never the old one rewritten in place. */
    @Test
    void theFileIsReplacedWholeAndNothingIsLeftBeside() throws Exception {
        String before = Files.readString(file);
        Path oldInode = dir.resolve("old-inode");
        Files.createLink(oldInode, file);
        writer.update(Map.of("hostname", "plant-7"), Set.of());
        assertEquals(before, Files.readString(oldInode), "the old file was not written into");
        assertTrue(Files.readString(file).contains("plant-7"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("config.json", "old-inode"), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "no temporary file left");
        }
    }

    @Test
    void aChangeThatChangesNothingLeavesTheFileAndTheConfigurationAlone() throws Exception {
        byte[] before = Files.readAllBytes(file);
        Path oldInode = dir.resolve("old-inode");
        Files.createLink(oldInode, file);
        DeviceIdentity device = writer.update(Map.of("applicationId", 12L, "apiKey", "provisioning",
                "os", Map.of("power", Map.of("mode", "low"))), Set.of("notThere"));
        assertEquals(Optional.of(12L), device.applicationId());
        assertEquals(new String(before), Files.readString(file), "not even reformatted");
        assertTrue(Files.isSameFile(file, oldInode), "not replaced");
        assertEquals(0, configAdmin.updatesOf(ConfigActivator.PID));
    }

    @Test
    void theUuidCannotChangeOnceRegistered() throws Exception {
        writer.update(Map.of("uuid", "fedcba9876543210fedcba9876543210"), Set.of());
        writer.update(Map.of("uuid", UUID), Set.of());
        writer.update(registration(), Set.of());
        String registered = Files.readString(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> writer.update(Map.of("uuid", "fedcba9876543210fedcba9876543210"), Set.of()));
        assertEquals("'uuid' cannot change once 'registered_at' is set", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> writer.update(Map.of("uuid", "other"),
                Set.of("registered_at")));
        assertEquals("'uuid' cannot change once 'registered_at' is set", e.getMessage(),
                "not even while removing registered_at");
        writer.update(Map.of("uuid", UUID), Set.of());
        assertEquals(registered, Files.readString(file));
    }

    @Test
    void theUuidCannotBeRemovedOrEmptied() {
        assertEquals("'uuid' cannot be removed or emptied: the device is known by it", assertThrows(
                IllegalArgumentException.class, () -> writer.update(Map.of(), Set.of("uuid"))).getMessage());
        assertEquals("'uuid' cannot be removed or emptied: the device is known by it", assertThrows(
                IllegalArgumentException.class, () -> writer.update(Map.of("uuid", " "), Set.of())).getMessage());
    }

    @Test
    void aValueThatIsNoJsonValueOrNotOfTheFieldsTypeIsRefusedNamingTheField() throws Exception {
        String before = Files.readString(file);
        assertEquals("'extra': a java.lang.Object is no JSON value (String, Number, Boolean, List, Map or null)",
                assertThrows(IllegalArgumentException.class, () -> writer.update(Map.of("extra", new Object()),
                        Set.of())).getMessage());
        assertEquals("'ratio': NaN is no JSON number", assertThrows(IllegalArgumentException.class,
                () -> writer.update(Map.of("ratio", Double.NaN), Set.of())).getMessage());
        assertEquals("'os': a JSON object's keys are strings, not 1", assertThrows(IllegalArgumentException.class,
                () -> writer.update(Map.of("os", Map.of(1, "x")), Set.of())).getMessage());
        assertEquals("'os': a java.lang.StringBuilder is no JSON value (String, Number, Boolean, List, Map or null)",
                assertThrows(IllegalArgumentException.class, () -> writer.update(
                        Map.of("os", List.of(new StringBuilder("x"))), Set.of())).getMessage(), "inside a list too");
        assertEquals("'deviceId' must be a whole number", assertThrows(IllegalArgumentException.class,
                () -> writer.update(Map.of("deviceId", "abc"), Set.of())).getMessage(),
                "a value the next start would refuse");
        assertEquals("'hostname' must be a string", assertThrows(IllegalArgumentException.class,
                () -> writer.update(Map.of("hostname", 7), Set.of())).getMessage());
        assertEquals("'hostname' is both set and removed", assertThrows(IllegalArgumentException.class,
                () -> writer.update(Map.of("hostname", "x"), Set.of("hostname"))).getMessage());
        assertEquals(before, Files.readString(file), "nothing was written");
    }

    @Test
    void plainJavaValuesOfEveryKindAreWrittenAndReadBack() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("none", null);
        nested.put("list", List.of(1, 2.5f, "three", false));
        DeviceIdentity device = writer.update(Map.of("nested", nested, "big", 1L << 40), Set.of());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("none", null);
        expected.put("list", List.of(1L, 2.5, "three", false));
        assertEquals(expected, device.configJson().get("nested"));
        assertEquals(1L << 40, device.configJson().get("big"));
        assertEquals(device.configJson(),
                ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64").configJson());
    }

    @Test
    void theNewIdentityIsRepublishedAndTheSettingsAreKept() throws Exception {
        Hashtable<String, Object> before = configAdmin.stored.get(ConfigActivator.PID);
        assertEquals("provisioning", before.get(ConfigurationProperties.PROVISIONING_KEY));
        DeviceIdentity device = writer.update(registration(), Set.of("apiKey"));
        Hashtable<String, Object> after = configAdmin.stored.get(ConfigActivator.PID);
        assertEquals(1, configAdmin.updatesOf(ConfigActivator.PID));
        assertEquals(3456L, after.get(ConfigurationProperties.DEVICE_ID));
        assertEquals(1700000000000L, after.get(ConfigurationProperties.REGISTERED_AT));
        assertEquals("device-key", after.get(ConfigurationProperties.DEVICE_API_KEY));
        assertFalse(after.containsKey(ConfigurationProperties.PROVISIONING_KEY), "the dropped key is gone");
        for (String setting : List.of("dataDir", "apiHost", "apiPort", "configJson", "dockerHost", "locksDir",
                "version")) {
            assertEquals(before.get(setting), after.get(setting), setting);
        }
        assertEquals(device, ConfigurationProperties.identity(after), "the service will answer what was returned");
    }

    /** Two callers at once: each change is made on what the other wrote, none is lost. */
    @Test
    void oneWriterAtATime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<DeviceIdentity>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String field = "field" + i;
                writes.add(pool.submit(() -> writer.update(Map.of(field, field), Set.of())));
            }
            for (Future<DeviceIdentity> write : writes) {
                write.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> json = ConfigJsonFile.readOrInitialise(file, "BOSUN_CONFIG_JSON", "amd64").configJson();
        for (int i = 0; i < 40; i++) {
            assertEquals("field" + i, json.get("field" + i), "field" + i + " was lost");
        }
        assertEquals(ConfigurationProperties.identity(configAdmin.stored.get(ConfigActivator.PID)).configJson(),
                json, "the last identity published is the last written");
    }

    @Test
    void aFileBrokenSinceStartIsRefusedAndLeftAsItIs() throws Exception {
        Files.writeString(file, "{\"uuid\":");
        IOException e = assertThrows(IOException.class, () -> writer.update(Map.of("hostname", "x"), Set.of()));
        assertEquals(file + " is not valid JSON (line 1, column 9)", e.getMessage());
        assertEquals("{\"uuid\":", Files.readString(file));
    }

    private static List<String> keysInOrder(String json) {
        List<String> keys = new ArrayList<>();
        Matcher matcher = Pattern.compile("\"([^\"]+)\" :").matcher(json);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }
}
