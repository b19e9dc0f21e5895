package io.bosun.support.balena;

import java.util.Map;
import java.util.Optional;

/**
 * The device configuration variables of a target ({@code config}), read as balena reads them: each name with the
 * {@code BALENA_} prefix (winning), the {@code RESIN_} prefix or none; the first spelling present decides.
 */
public final class DeviceFlags {
    private static final String[] PREFIXES = {"BALENA_", "RESIN_", ""};

    private DeviceFlags() {
    }

    /** The value of the first of {@code names} that the configuration sets, in any spelling. */
    public static Optional<String> value(Map<String, String> config, String... names) {
        for (String name : names) {
            for (String prefix : PREFIXES) {
                String value = config.get(prefix + name);
                if (value != null) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    /** A boolean variable: {@code absent} when no spelling is set, else balena's truthiness. */
    public static boolean flag(Map<String, String> config, boolean absent, String... names) {
        return value(config, names).map(Truthy::of).orElse(absent);
    }

    /**
     * Whether app-held update locks are taken over as if every request asked for {@code force}:
     * {@code SUPERVISOR_OVERRIDE_LOCK}, or the legacy {@code OVERRIDE_LOCK} when that is absent (spec §4.4).
     */
    public static boolean lockOverride(Map<String, String> config) {
        return value(config, DeviceVariables.LOCK_OVERRIDE.name()).isPresent()
                ? DeviceVariables.flag(config, DeviceVariables.LOCK_OVERRIDE)
                : flag(config, false, "OVERRIDE_LOCK");
    }

    /** Whether the configuration asks for local mode ({@code SUPERVISOR_LOCAL_MODE}; a cloud target's decides). */
    public static boolean localMode(Map<String, String> config) {
        return DeviceVariables.flag(config, DeviceVariables.LOCAL_MODE);
    }

    /** Whether the VPN may run ({@code SUPERVISOR_VPN_CONTROL}, on unless set off). */
    public static boolean vpnControl(Map<String, String> config) {
        return flag(config, true, "SUPERVISOR_VPN_CONTROL");
    }

    /** balena's default poll interval (its code; the docs say 10 min). */
    public static final long DEFAULT_POLL_INTERVAL_MS = Long.parseLong(DeviceVariables.POLL_INTERVAL.defaultValue());

    /**
     * {@code SUPERVISOR_POLL_INTERVAL} in milliseconds; the default when absent or not a positive whole number,
     * as balena falls back on an invalid value.
     */
    public static long pollIntervalMillis(Map<String, String> config) {
        return DeviceVariables.number(config, DeviceVariables.POLL_INTERVAL);
    }
}
