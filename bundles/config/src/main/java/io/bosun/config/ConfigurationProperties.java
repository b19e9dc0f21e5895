package io.bosun.config;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorSettings;
import java.util.Hashtable;

/** The one mapping of settings to the properties of the {@value ConfigActivator#PID} configuration. */
final class ConfigurationProperties {
    private ConfigurationProperties() {
    }

    static Hashtable<String, Object> of(SupervisorSettings settings, DeviceIdentity device, String version) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("dataDir", settings.dataDir().toString());
        properties.put("apiHost", settings.apiHost());
        properties.put("apiPort", settings.apiPort());
        properties.put("configJson", settings.configJson().toString());
        properties.put("dockerHost", settings.dockerHost().toString());
        properties.put("locksDir", settings.locksDir().toString());
        properties.put("deviceUuid", device.uuid());
        properties.put("apiEndpoint", device.apiEndpoint().orElse(""));
        properties.put("deviceType", device.deviceType());
        properties.put("deviceArch", device.deviceArch());
        properties.put("version", version);
        return properties;
    }
}
