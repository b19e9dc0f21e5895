package io.bosun.reconciler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Whose locks a run takes over. */
class RunOptionsTest {

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
