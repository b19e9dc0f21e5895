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

    /** The device-wide lock override of the target's configuration, in any of balena's spellings. */
    static boolean lockOverride(Map<String, String> deviceConfig) {
        for (String key : new String[] {"BALENA_SUPERVISOR_OVERRIDE_LOCK", "RESIN_SUPERVISOR_OVERRIDE_LOCK",
            "RESIN_OVERRIDE_LOCK", "OVERRIDE_LOCK"}) {
            String value = deviceConfig.get(key);
            if (value != null && (value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("on"))) {
                return true;
            }
        }
        return false;
    }
}
