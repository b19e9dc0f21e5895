package io.bosun.reconciler;

import io.bosun.support.time.Backoffs;
import java.time.Duration;

/** How long to wait before the next attempt after failures in a row: balena's doubling, capped. */
final class Backoff {
    static final Duration BASE = Duration.ofMillis(500);
    static final Duration MAX = Duration.ofMinutes(15);

    private Backoff() {
    }

    /** {@code min(2^failures × 500 ms, 15 min)}. */
    static Duration after(int failures) {
        return Backoffs.capped(BASE, failures, MAX);
    }

    /** A short human form, truncated as balena prints it: {@code 500ms}, {@code 4s}, {@code 2m}, {@code 1h}. */
    static String pretty(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return ms / 1000 + "s";
        }
        if (ms < 3_600_000) {
            return ms / 60_000 + "m";
        }
        return ms / 3_600_000 + "h";
    }
}
