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

    /**
     * Whether the device configuration turns balena's lock override on, so that app-held update locks are taken
     * over as if every request asked for {@code force}. balena reads {@code SUPERVISOR_OVERRIDE_LOCK} and the
     * legacy {@code OVERRIDE_LOCK}, each with the {@code BALENA_} prefix (winning), the {@code RESIN_} prefix or
     * none; the first spelling present decides, and {@code 1}, {@code true} or {@code on} (any case) means on.
     */
    public boolean lockOverride() {
        for (String name : new String[] {"SUPERVISOR_OVERRIDE_LOCK", "OVERRIDE_LOCK"}) {
            for (String prefix : new String[] {"BALENA_", "RESIN_", ""}) {
                String value = config.get(prefix + name);
                if (value != null) {
                    return value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("on");
                }
            }
        }
        return false;
    }
}
