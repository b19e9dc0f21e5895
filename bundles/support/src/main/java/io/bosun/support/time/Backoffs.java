package io.bosun.support.time;

import java.time.Duration;

/** balena's back-offs are all one shape: a base doubled per failure, never more than a cap. */
public final class Backoffs {
    /** Beyond this many doublings every base the supervisor uses is past its cap; it also keeps the shift sane. */
    private static final int MOST_DOUBLINGS = 30;

    private Backoffs() {
    }

    /** {@code min(base·2^doublings, max)}; no doubling below zero. */
    public static Duration capped(Duration base, int doublings, Duration max) {
        Duration wait = base.multipliedBy(1L << Math.max(0, Math.min(doublings, MOST_DOUBLINGS)));
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
