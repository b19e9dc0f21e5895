package io.bosun.reconciler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.intake.TargetSelection;
import io.bosun.spi.reconcile.ApplyStatus;
import io.bosun.spi.target.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** balena's device-state health check (spec §9), with Bosun's leave-outs: downloads and lock waits. */
class ApplyHealthTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    /** A poll interval of 1 s: the limit is 2 s. */
    private static final TargetState FAST_POLL = new TargetState("d", "d",
            Map.of("BALENA_SUPERVISOR_POLL_INTERVAL", "1000"), Map.of());

    private static ApplyLoop.Published loop(boolean alive, Optional<Instant> unsettledSince, Duration lockWaits) {
        return new ApplyLoop.Published(new ApplyStatus(true, 3, Optional.of("a step failed")),
                new TargetSelection(1, true, "local", true, Optional.of(FAST_POLL)), Map.of(), List.of(),
                unsettledSince, lockWaits, alive);
    }

    @Test
    void aDeadLoopIsUnhealthy() {
        assertFalse(ApplyHealth.check(loop(false, Optional.empty(), Duration.ZERO), NOW, Duration.ZERO, false)
                .healthy());
    }

    @Test
    void aSettledDeviceIsHealthy() {
        assertTrue(ApplyHealth.check(loop(true, Optional.empty(), Duration.ZERO), NOW, Duration.ZERO, false)
                .healthy());
    }

    @Test
    void anApplyThatSpinsLongerThanTwoPollIntervalsIsUnhealthy() {
        assertTrue(ApplyHealth.check(loop(true, Optional.of(NOW.minusSeconds(1)), Duration.ZERO), NOW,
                Duration.ZERO, false).healthy());
        assertFalse(ApplyHealth.check(loop(true, Optional.of(NOW.minusSeconds(3)), Duration.ZERO), NOW,
                Duration.ZERO, false).healthy());
    }

    @Test
    void downloadsAndLockWaitsDoNotCount() {
        Optional<Instant> since = Optional.of(NOW.minusSeconds(10));
        assertTrue(ApplyHealth.check(loop(true, since, Duration.ZERO), NOW, Duration.ZERO, true).healthy(),
                "a download in progress");
        assertTrue(ApplyHealth.check(loop(true, since, Duration.ofSeconds(5)), NOW, Duration.ofSeconds(4), false)
                .healthy(), "10 s less 4 s of downloads and 5 s of lock waits");
        assertFalse(ApplyHealth.check(loop(true, since, Duration.ofSeconds(5)), NOW, Duration.ofSeconds(2), false)
                .healthy());
    }
}
