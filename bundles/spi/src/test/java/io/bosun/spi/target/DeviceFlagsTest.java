package io.bosun.spi.target;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SUPERVISOR_LOCAL_MODE} and {@code SUPERVISOR_VPN_CONTROL} as balena reads them (spec §5.3, §6.2). */
class DeviceFlagsTest {

    private static boolean local(Map<String, String> config) {
        return new TargetState("device", "name", config, Map.of()).localMode();
    }

    @Test
    void readsEverySpellingAndTruthyValue() {
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
    void theBalenaSpellingWins() {
        assertFalse(local(Map.of("BALENA_SUPERVISOR_LOCAL_MODE", "false", "RESIN_SUPERVISOR_LOCAL_MODE", "1")));
    }

    @Test
    void theVpnIsOnUnlessTheConfigurationTurnsItOff() {
        assertTrue(new TargetState("device", "name", Map.of(), Map.of()).vpnControl());
        assertFalse(new TargetState("device", "name", Map.of("BALENA_SUPERVISOR_VPN_CONTROL", "false"), Map.of())
                .vpnControl());
        assertTrue(new TargetState("device", "name", Map.of("RESIN_SUPERVISOR_VPN_CONTROL", "1"), Map.of())
                .vpnControl());
    }

    @Test
    void theLockOverrideDoesNotTurnLocalModeOn() {
        assertFalse(local(Map.of("SUPERVISOR_OVERRIDE_LOCK", "1")));
    }
}
