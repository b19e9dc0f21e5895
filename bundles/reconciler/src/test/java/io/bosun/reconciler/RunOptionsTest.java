package io.bosun.reconciler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The device-wide lock override, in every spelling balena reads (spec §4.4). */
class RunOptionsTest {

    @Test
    void readsEverySpelling() {
        for (String key : new String[] {"BALENA_SUPERVISOR_OVERRIDE_LOCK", "RESIN_SUPERVISOR_OVERRIDE_LOCK",
            "SUPERVISOR_OVERRIDE_LOCK", "RESIN_OVERRIDE_LOCK", "OVERRIDE_LOCK"}) {
            assertTrue(RunOptions.lockOverride(Map.of(key, "1")), key);
            assertTrue(RunOptions.lockOverride(Map.of(key, "True")), key);
        }
        assertFalse(RunOptions.lockOverride(Map.of()));
        assertFalse(RunOptions.lockOverride(Map.of("BALENA_SUPERVISOR_OVERRIDE_LOCK", "0")));
    }

    @Test
    void theBalenaSpellingWinsOverTheResinOne() {
        assertFalse(RunOptions.lockOverride(Map.of("BALENA_SUPERVISOR_OVERRIDE_LOCK", "false",
                "RESIN_SUPERVISOR_OVERRIDE_LOCK", "true")));
        assertTrue(RunOptions.lockOverride(Map.of("BALENA_SUPERVISOR_OVERRIDE_LOCK", "on",
                "RESIN_OVERRIDE_LOCK", "false")));
    }

    /** Regression: a restart's force (any scoped key may ask for it) took over every app's locks. */
    @Test
    void anActionOnOneAppForcesThatAppsLocksOnly() {
        RunOptions restart = RunOptions.forApp(7, true, true, true);
        assertTrue(restart.forces(7));
        assertFalse(restart.forces(8));
        assertTrue(new RunOptions(true, false, false).forces(8), "a device-wide apply forces every app");
        assertFalse(RunOptions.forApp(7, false, true, true).forces(7));
    }
}
