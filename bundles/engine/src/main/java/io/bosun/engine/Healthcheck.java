package io.bosun.engine;

import java.util.List;

/**
 * A container health check as the engine holds it. Durations are nanoseconds; 0 means the engine's default.
 * A test of {@code [NONE]} disables the image's check.
 */
record Healthcheck(List<String> test, long intervalNanos, long timeoutNanos, long startPeriodNanos,
        int retries) {

    public Healthcheck {
        test = test == null ? List.of() : List.copyOf(test);
    }
}
