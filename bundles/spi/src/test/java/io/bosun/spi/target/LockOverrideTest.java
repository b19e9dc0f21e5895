package io.bosun.spi.target;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The device-wide lock override, in every spelling balena reads (spec §4.4); one rule for the reconciler and API. */
class LockOverrideTest {

    private static boolean override(Map<String, String> config) {
        return new TargetState("device", "name", config, Map.of()).lockOverride();
    }

    @Test
    void readsEverySpelling() {
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
    void theBalenaSpellingWinsOverTheResinOne() {
        assertFalse(override(Map.of("BALENA_SUPERVISOR_OVERRIDE_LOCK", "false",
                "RESIN_SUPERVISOR_OVERRIDE_LOCK", "true")));
        assertFalse(override(Map.of("BALENA_SUPERVISOR_OVERRIDE_LOCK", "0", "RESIN_SUPERVISOR_OVERRIDE_LOCK", "1")));
        assertTrue(override(Map.of("BALENA_SUPERVISOR_OVERRIDE_LOCK", "on", "RESIN_OVERRIDE_LOCK", "false")));
    }
}
