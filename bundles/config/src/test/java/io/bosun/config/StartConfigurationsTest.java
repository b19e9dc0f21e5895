package io.bosun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the activator publishes, read from an environment and a real data folder. */
class StartConfigurationsTest {
    @TempDir
    Path dir;

    @Test
    void theSupervisorTheApiTheHostTheKeysTheCloudAndTheUpdaterEachGetTheirConfiguration() throws Exception {
        Path data = dir.resolve("data");
        StartConfigurations start = StartConfigurations.read(Map.of("BOSUN_DATA_DIR", data.toString(),
                "BOSUN_REBOOT_COMMAND", "/sbin/reboot", "BOSUN_API_KEY", "seed_1", "BOSUN_API_PORT", "48485",
                "BOSUN_API_HOST", "0.0.0.0"), false, dir, "amd64", "v");
        assertEquals(List.of("io.bosun.api", "io.bosun.cloud", "io.bosun.config", "io.bosun.host", "io.bosun.keys",
                "io.bosun.updater"),
                start.byPid().keySet().stream().sorted().toList());
        Hashtable<String, Object> config = start.byPid().get("io.bosun.config");
        assertEquals(data.toString(), config.get("dataDir"));
        assertEquals(ConfigurationProperties.identity(config).uuid(),
                ConfigJsonFile.readOrInitialise(data.resolve("config.json"), "BOSUN_CONFIG_JSON", "amd64").uuid());
        assertEquals(Map.of("host", "0.0.0.0", "port", 48485), start.byPid().get("io.bosun.api"));
        assertEquals("/sbin/reboot", start.byPid().get("io.bosun.host").get("rebootCommand"));
        assertEquals("seed_1", start.byPid().get("io.bosun.keys").get(".apiKeySeed"));
        assertEquals(data, start.settings().dataDir());
        assertEquals(30L, start.byPid().get("io.bosun.updater").get("gateSeconds"));
    }

    @Test
    void aTrustedKeyThatIsNoEd25519KeyStopsTheStart() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> StartConfigurations.read(
                Map.of("BOSUN_DATA_DIR", dir.resolve("data").toString(), "BOSUN_BUNDLE_TRUST", "bm90IGEga2V5"),
                false, dir, "amd64", "v"));
        assertEquals("BOSUN_BUNDLE_TRUST", e.variable());
    }

    @Test
    void aGateOfNoTimeStopsTheStart() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> StartConfigurations.read(
                Map.of("BOSUN_DATA_DIR", dir.resolve("data").toString(), "BOSUN_BUNDLE_GATE_SECONDS", "0"),
                false, dir, "amd64", "v"));
        assertEquals("BOSUN_BUNDLE_GATE_SECONDS", e.variable());
    }

    @Test
    void aBadSettingStopsTheReadingBeforeAnythingIsWritten() {
        Path data = dir.resolve("data");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> StartConfigurations.read(
                Map.of("BOSUN_DATA_DIR", data.toString(), "BOSUN_SHUTDOWN_COMMAND", ""), false, dir, "amd64", "v"));
        assertEquals("BOSUN_SHUTDOWN_COMMAND", e.variable());
        assertFalse(Files.exists(data), "no data folder, no config.json");
    }
}
