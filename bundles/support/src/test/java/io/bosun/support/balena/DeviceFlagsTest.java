package io.bosun.support.balena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The device configuration's flags as balena reads them, one rule for the reconciler and the API: the lock
 * override (spec §4.4), {@code SUPERVISOR_LOCAL_MODE} and {@code SUPERVISOR_VPN_CONTROL} (§5.3, §6.2).
 */
class DeviceFlagsTest {

    private static boolean local(Map<String, String> config) {
        return DeviceFlags.localMode(config);
    }

    private static boolean override(Map<String, String> config) {
        return DeviceFlags.lockOverride(config);
    }

    @Test
    void localModeReadsEverySpellingAndTruthyValue() {
        for (String key : new String[] {"BALENA_SUPERVISOR_LOCAL_MODE", "RESIN_SUPERVISOR_LOCAL_MODE",
            "SUPERVISOR_LOCAL_MODE"}) {
            assertTrue(local(Map.of(key, "1")), key);
            assertTrue(local(Map.of(key, "TRUE")), key);
            assertTrue(local(Map.of(key, "on")), key);
            assertFalse(local(Map.of(key, "0")), key);
            assertFalse(local(Map.of(key, "yes")), key);
        }
        assertFalse(local(Map.of()));
    }

    @Test
    void localModesBalenaSpellingWins() {
        assertFalse(local(Map.of("BALENA_SUPERVISOR_LOCAL_MODE", "false", "RESIN_SUPERVISOR_LOCAL_MODE", "1")));
    }

    @Test
    void theVpnIsOnUnlessTheConfigurationTurnsItOff() {
        assertTrue(DeviceFlags.vpnControl(Map.of()));
        assertFalse(DeviceFlags.vpnControl(Map.of("BALENA_SUPERVISOR_VPN_CONTROL", "false")));
        assertTrue(DeviceFlags.vpnControl(Map.of("RESIN_SUPERVISOR_VPN_CONTROL", "1")));
    }

    @Test
    void theLockOverrideDoesNotTurnLocalModeOn() {
        assertFalse(local(Map.of("SUPERVISOR_OVERRIDE_LOCK", "1")));
    }

    @Test
    void theLockOverrideReadsEverySpelling() {
        for (String key : new String[] {"BALENA_SUPERVISOR_OVERRIDE_LOCK", "RESIN_SUPERVISOR_OVERRIDE_LOCK",
            "SUPERVISOR_OVERRIDE_LOCK", "RESIN_OVERRIDE_LOCK", "OVERRIDE_LOCK"}) {
            assertTrue(override(Map.of(key, "1")), key);
            assertTrue(override(Map.of(key, "True")), key);
        }
        assertTrue(override(Map.of("SUPERVISOR_OVERRIDE_LOCK", "On")));
        assertFalse(override(Map.of()));
        assertFalse(override(Map.of("BALENA_SUPERVISOR_OVERRIDE_LOCK", "0")));
    }

    @Test
    void theLockOverridesBalenaSpellingWinsOverTheResinOne() {
        assertFalse(override(Map.of("BALENA_SUPERVISOR_OVERRIDE_LOCK", "false",
                "RESIN_SUPERVISOR_OVERRIDE_LOCK", "true")));
        assertFalse(override(Map.of("BALENA_SUPERVISOR_OVERRIDE_LOCK", "0", "RESIN_SUPERVISOR_OVERRIDE_LOCK", "1")));
        assertTrue(override(Map.of("BALENA_SUPERVISOR_OVERRIDE_LOCK", "on", "RESIN_OVERRIDE_LOCK", "false")));
    }

    @Test
    void thePollIntervalFallsBackToBalenasDefaultOnAnInvalidValue() {
        assertEquals(900_000, DeviceFlags.pollIntervalMillis(Map.of()));
        assertEquals(60_000, DeviceFlags.pollIntervalMillis(Map.of("BALENA_SUPERVISOR_POLL_INTERVAL", "60000")));
        assertEquals(900_000, DeviceFlags.pollIntervalMillis(Map.of("SUPERVISOR_POLL_INTERVAL", "soon")));
        assertEquals(900_000, DeviceFlags.pollIntervalMillis(Map.of("SUPERVISOR_POLL_INTERVAL", "0")));
    }
}
