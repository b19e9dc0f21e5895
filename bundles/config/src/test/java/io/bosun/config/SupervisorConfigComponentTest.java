package io.bosun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The service built from its configuration, and changed in place when the configuration changes. */
class SupervisorConfigComponentTest {
    private static SupervisorConfigComponent.Settings settings(Map<String, Object> properties) {
        Map<String, Object> byMethod = new HashMap<>();
        properties.forEach((key, value) -> byMethod.put(key.startsWith(".") ? "_" + key.substring(1) : key, value));
        return Annotations.of(SupervisorConfigComponent.Settings.class, byMethod);
    }

    private static Map<String, Object> properties(io.bosun.spi.config.DeviceIdentity device) {
        return new HashMap<>(ConfigurationProperties.of(ConfigurationPropertiesTest.SETTINGS, device,
                "19.0.5+bosun.0.1.0"));
    }

    @Test
    void theServiceAnswersItsConfiguration() {
        Map<String, Object> properties = properties(ConfigurationPropertiesTest.unregistered());
        SupervisorConfig config = new SupervisorConfigComponent(settings(properties), properties);
        assertEquals(ConfigurationPropertiesTest.SETTINGS, config.settings());
        assertEquals(ConfigurationPropertiesTest.unregistered(), config.device());
        assertEquals("19.0.5+bosun.0.1.0", config.version());
    }

    @Test
    void aChangedConfigurationIsTakenInByTheSameObject() {
        Map<String, Object> before = properties(ConfigurationPropertiesTest.unregistered());
        SupervisorConfigComponent config = new SupervisorConfigComponent(settings(before), before);
        SupervisorSettings settings = config.settings();
        Map<String, Object> after = properties(ConfigurationPropertiesTest.registered());
        config.modified(settings(after), after);
        assertEquals(ConfigurationPropertiesTest.registered(), config.device());
        assertEquals(Optional.empty(), config.device().provisioningKey());
        assertEquals(settings, config.settings());
    }

    @Test
    void theSettingsDefaultsApplyToWhatAConfigurationLeavesOut() {
        Map<String, Object> properties = new HashMap<>(Map.of("dataDir", "/d", "configJson", "/d/config.json",
                "deviceUuid", "abc", "version", "v"));
        SupervisorConfig config = new SupervisorConfigComponent(settings(properties), properties);
        assertEquals(48484, config.settings().apiPort());
        assertEquals(Path.of("/tmp/balena-supervisor"), config.settings().locksDir());
        assertEquals("unknown", config.device().deviceType());
        assertEquals(Optional.empty(), config.device().deviceId());
    }
}
