package io.bosun.reconciler.plan;

import java.util.Map;
import java.util.Optional;

/** balena's labels on services, read in either namespace ({@code io.balena.*} or the legacy {@code io.resin.*}). */
public final class Labels {
    public static final String STRATEGY = "update.strategy";
    public static final String HANDOVER_TIMEOUT = "update.handover-timeout";
    public static final String REQUIRES_REBOOT = "update.requires-reboot";

    private Labels() {
    }

    /** The value of {@code io.balena.<key>}, else {@code io.resin.<key>}. */
    public static Optional<String> get(Map<String, String> labels, String key) {
        String value = labels.get("io.balena." + key);
        return Optional.ofNullable(value != null ? value : labels.get("io.resin." + key));
    }

    /** balena's truthiness: {@code 1}, {@code true} or {@code on}, in any case. */
    public static boolean truthy(Map<String, String> labels, String key) {
        return get(labels, key).map(v -> v.equalsIgnoreCase("1") || v.equalsIgnoreCase("true")
                || v.equalsIgnoreCase("on")).orElse(false);
    }
}
