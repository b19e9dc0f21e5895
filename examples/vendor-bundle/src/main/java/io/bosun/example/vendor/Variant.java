package io.bosun.example.vendor;

import io.bosun.spi.health.HealthResult;
import java.time.Duration;
import java.util.Locale;

/**
 * How a build of the example behaves. All its builds share these classes; only their manifests differ, so the
 * behaviour is chosen by a header rather than by code, and the broken builds are the good one's code.
 */
enum Variant {
    GOOD("good"),
    FAILS_ACTIVATION("fails-activation"),
    UNHEALTHY("unhealthy"),
    EXITS_THE_PROCESS("exits-the-process");

    /** The manifest header that names the variant; a bundle without it is the good build. */
    static final String HEADER = "Bosun-Example-Variant";
    /** Long enough for the health gate to see the update start well, so that the rollback comes from the turn. */
    static final Duration HEALTHY_FOR = Duration.ofSeconds(1);

    static final String FAILS_ACTIVATION_MESSAGE = "the example's broken build fails activation on purpose";
    static final String UNHEALTHY_MESSAGE = "the example's unhealthy build turned unhealthy on purpose";

    private final String header;

    Variant(String header) {
        this.header = header;
    }

    /** The variant a header value names; a misspelt one fails loudly rather than passing for the good build. */
    static Variant of(String header) {
        if (header == null || header.isBlank()) {
            return GOOD;
        }
        String wanted = header.trim().toLowerCase(Locale.ROOT);
        for (Variant variant : values()) {
            if (variant.header.equals(wanted)) {
                return variant;
            }
        }
        throw new IllegalArgumentException("unknown " + HEADER + ": " + header);
    }

    String header() {
        return header;
    }

    /** What the health check answers this long after activation. */
    HealthResult health(Duration sinceActivation) {
        if (this == UNHEALTHY && sinceActivation.compareTo(HEALTHY_FOR) >= 0) {
            return HealthResult.unhealthy(UNHEALTHY_MESSAGE);
        }
        return HealthResult.HEALTHY;
    }
}
