package io.bosun.support.balena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceVariablesTest {

    @Test
    void absentVariablesReadAsBalenasDefaults() {
        DeviceVariables.Reading reading = DeviceVariables.read(Map.of());
        assertEquals("900000", reading.values().get("SUPERVISOR_POLL_INTERVAL"));
        assertEquals("true", reading.values().get("SUPERVISOR_INSTANT_UPDATE_TRIGGER"));
        assertEquals("59000", reading.values().get("SUPERVISOR_API_REQUEST_TIMEOUT"));
        assertEquals("off", reading.values().get("HOST_FIREWALL_MODE"));
        assertEquals(List.of(), reading.warnings());
        assertEquals(DeviceVariables.ALL.size(), reading.values().size());
    }

    @Test
    void balenaPrefixWinsOverResinAndTheValueIsRead() {
        Map<String, String> config = Map.of("RESIN_SUPERVISOR_POLL_INTERVAL", "1000",
                "BALENA_SUPERVISOR_POLL_INTERVAL", "60000");
        assertEquals(60_000, DeviceVariables.number(config, DeviceVariables.POLL_INTERVAL));
    }

    @ParameterizedTest
    @CsvSource({"SUPERVISOR_POLL_INTERVAL, often, appUpdatePollInterval, 900000",
        "SUPERVISOR_POLL_INTERVAL, 0, appUpdatePollInterval, 900000",
        "SUPERVISOR_LOG_CONTROL, maybe, loggingEnabled, true",
        "SUPERVISOR_HARDWARE_METRICS, yes, hardwareMetrics, true",
        "HOST_FIREWALL_MODE, closed, firewallMode, off"})
    void anInvalidValueIsWarnedAboutInBalenasWordsAndReadAsTheDefault(String name, String value, String key,
            String defaultValue) {
        DeviceVariables.Reading reading = DeviceVariables.read(Map.of("BALENA_" + name, value));
        assertEquals(List.of("Warning: Ignoring invalid device configuration value for " + key + ", value: '" + value
                + "'. Falling back to default (" + defaultValue + ")"), reading.warnings());
        assertEquals(defaultValue, reading.values().get(name));
    }

    @Test
    void valuesAreComparedByTypeSoOnIsTrueAndLeadingZerosDoNotMatter() {
        Map<String, String> current = DeviceVariables.read(Map.of("RESIN_SUPERVISOR_LOG_CONTROL", "true",
                "RESIN_SUPERVISOR_POLL_INTERVAL", "60000")).values();
        Map<String, String> target = DeviceVariables.read(Map.of("RESIN_SUPERVISOR_LOG_CONTROL", "on",
                "RESIN_SUPERVISOR_POLL_INTERVAL", "060000")).values();
        assertEquals(Map.of(), DeviceVariables.changes(current, target));
    }

    @Test
    void changesAreListedInBalenasOrderAsItsMessageShowsThem() {
        Map<String, String> target = DeviceVariables.read(Map.of("RESIN_SUPERVISOR_HARDWARE_METRICS", "false",
                "RESIN_SUPERVISOR_POLL_INTERVAL", "60000")).values();
        Map<String, String> changes = DeviceVariables.changes(Map.of(), target);
        assertEquals("{\"SUPERVISOR_POLL_INTERVAL\":\"60000\",\"SUPERVISOR_HARDWARE_METRICS\":\"false\"}",
                DeviceVariables.json(changes));
    }

    @Test
    void flagsReadBalenasTruthiness() {
        assertFalse(DeviceVariables.flag(Map.of("RESIN_SUPERVISOR_LOG_CONTROL", "0"), DeviceVariables.LOG_CONTROL));
        assertTrue(DeviceVariables.flag(Map.of("RESIN_SUPERVISOR_LOG_CONTROL", "On"), DeviceVariables.LOG_CONTROL));
        assertTrue(DeviceVariables.flag(Map.of(), DeviceVariables.LOG_CONTROL));
        assertFalse(DeviceVariables.flag(Map.of(), DeviceVariables.LOCK_OVERRIDE));
    }
}
