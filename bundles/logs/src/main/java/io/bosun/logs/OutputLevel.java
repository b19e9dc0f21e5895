package io.bosun.logs;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.logs.LogRecord;
import java.util.Locale;

/**
 * How much of a service's output is captured, from its {@code BALENA_LOGS_LEVEL} variable as balena reads it
 * (spec §8.3): {@code none}, {@code err} or {@code error} (stderr only), anything else all of it.
 */
enum OutputLevel {
    ALL, ERRORS, NONE;

    static final String VARIABLE = "BALENA_LOGS_LEVEL";

    static OutputLevel of(ContainerView container) {
        String value = container.facts().environment().getOrDefault(VARIABLE, "");
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "err", "error" -> ERRORS;
            default -> ALL;
        };
    }

    boolean keeps(LogRecord record) {
        return this == ALL || (this == ERRORS && record.stdErr());
    }
}
