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
     * over as if every request asked for {@code force}: {@code SUPERVISOR_OVERRIDE_LOCK}, or the legacy
     * {@code OVERRIDE_LOCK} when that is absent.
     */
    public boolean lockOverride() {
        return flag(false, "SUPERVISOR_OVERRIDE_LOCK", "OVERRIDE_LOCK");
    }

    /**
     * Whether the device configuration asks for local mode ({@code SUPERVISOR_LOCAL_MODE}). Only a cloud target's
     * configuration switches a device into or out of local mode.
     */
    public boolean localMode() {
        return flag(false, "SUPERVISOR_LOCAL_MODE");
    }

    /** Whether the device configuration lets the VPN run ({@code SUPERVISOR_VPN_CONTROL}, on unless set off). */
    public boolean vpnControl() {
        return flag(true, "SUPERVISOR_VPN_CONTROL");
    }

    /**
     * A boolean device variable as balena reads it: each name with the {@code BALENA_} prefix (winning), the
     * {@code RESIN_} prefix or none; the first spelling present decides, and {@code 1}, {@code true} or
     * {@code on} (any case) means on.
     *
     * @param absent the value when no spelling is present
     */
    private boolean flag(boolean absent, String... names) {
        for (String name : names) {
            for (String prefix : new String[] {"BALENA_", "RESIN_", ""}) {
                String value = config.get(prefix + name);
                if (value != null) {
                    return value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("on");
                }
            }
        }
        return absent;
    }
}
