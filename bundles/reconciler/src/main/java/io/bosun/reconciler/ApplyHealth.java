package io.bosun.reconciler;

import io.bosun.spi.health.HealthResult;
import io.bosun.support.balena.DeviceFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * balena's device-state health check (spec §9), pure: unhealthy when the apply loop is dead, or when the target has
 * been applied for longer than two poll intervals without settling, not counting the time spent downloading (a
 * download in progress is healthy) nor, unlike balena, the time spent waiting on an app's update locks: an app that
 * holds its lock for hours has chosen to, and restarting the supervisor would not help it.
 */
final class ApplyHealth {
    private ApplyHealth() {
    }

    static HealthResult check(ApplyLoop.Published loop, Instant now, Duration fetching, boolean downloadingNow) {
        if (!loop.alive()) {
            return HealthResult.unhealthy("the reconciler's apply loop is not running");
        }
        if (loop.unsettledSince().isEmpty() || downloadingNow) {
            return HealthResult.HEALTHY;
        }
        Map<String, String> config = loop.selection().target().map(t -> t.config()).orElse(Map.of());
        Duration limit = Duration.ofMillis(2 * DeviceFlags.pollIntervalMillis(config));
        Duration busy = Duration.between(loop.unsettledSince().get(), now).minus(fetching).minus(loop.lockWaits());
        if (busy.compareTo(limit) > 0) {
            return HealthResult.unhealthy("the target has been applied for " + Backoff.pretty(busy)
                    + " without settling (the limit is two poll intervals, " + Backoff.pretty(limit) + ")"
                    + loop.status().lastError().map(e -> "; last error: " + e).orElse(""));
        }
        return HealthResult.HEALTHY;
    }
}
