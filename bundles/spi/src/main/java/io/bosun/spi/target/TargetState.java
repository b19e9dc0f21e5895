package io.bosun.spi.target;

import java.util.Map;
import java.util.Objects;

/**
 * The whole target of one device (the entry of a v3 document under the device's uuid).
 *
 * @param deviceUuid the device this target is for
 * @param name the device name ({@code name} in the document)
 * @param config device configuration variables, as sent (keys keep their {@code BALENA_}/{@code RESIN_} prefix)
 * @param apps apps by app uuid, in document order
 */
public record TargetState(String deviceUuid, String name, Map<String, String> config, Map<String, TargetApp> apps) {
    public TargetState {
        Objects.requireNonNull(deviceUuid, "deviceUuid");
        Objects.requireNonNull(name, "name");
        config = Maps.copy(config);
        apps = Maps.copy(apps);
    }
}
