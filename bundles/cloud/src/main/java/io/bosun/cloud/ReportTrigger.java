package io.bosun.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Whether a report round has anything to look at: a report is built (and metrics sampled) only when what it is
 * made of changed (the engine's state, the reconciler's, the target, the API key, the addresses) or, for metrics,
 * once their interval has passed. An idle device's round is then a few comparisons, not a report built and
 * compared every 10 s.
 */
final class ReportTrigger {
    private List<Object> last;
    private Instant builtAt = Instant.MIN;

    /** Whether to build a report now; the caller says {@link #sent()} or {@link #failed()} afterwards. */
    boolean due(List<Object> facts, Instant now, Duration metricsInterval) {
        return !Objects.equals(facts, last) || !now.isBefore(builtAt.plus(metricsInterval));
    }

    /** The report of these facts was sent or found unchanged: the next rounds wait for a change. */
    void sent(List<Object> facts, Instant now) {
        last = facts;
        builtAt = now;
    }

    /** The report could not be sent: the next round builds it again. */
    void failed() {
        last = null;
    }
}
