package io.bosun.reconciler;

import java.util.Map;

/**
 * How one run applies its target.
 *
 * @param force take over app-held locks (asked per request)
 * @param keepImages keep images nothing uses any more
 * @param keepVolumes keep the volumes of apps that go
 */
record RunOptions(boolean force, boolean keepImages, boolean keepVolumes) {

    /**
     * The device-wide lock override of the target's configuration. balena reads the variable under either
     * prefix ({@code BALENA_} winning over {@code RESIN_}) or none, and maps the legacy {@code OVERRIDE_LOCK} to
     * it; the first spelling present decides.
     */
    static boolean lockOverride(Map<String, String> deviceConfig) {
        for (String name : new String[] {"SUPERVISOR_OVERRIDE_LOCK", "OVERRIDE_LOCK"}) {
            for (String prefix : new String[] {"BALENA_", "RESIN_", ""}) {
                String value = deviceConfig.get(prefix + name);
                if (value != null) {
                    return value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("on");
                }
            }
        }
        return false;
    }
}
