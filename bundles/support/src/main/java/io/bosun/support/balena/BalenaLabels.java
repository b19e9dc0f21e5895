package io.bosun.support.balena;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** balena's labels, read in either namespace: {@code io.balena.*}, or the legacy {@code io.resin.*}. */
public final class BalenaLabels {
    public static final String BALENA = "io.balena.";
    public static final String RESIN = "io.resin.";

    private BalenaLabels() {
    }

    /** Labels with {@code io.resin.} keys renamed {@code io.balena.}; a balena key wins over its resin twin. */
    public static Map<String, String> normalise(Map<String, String> labels) {
        Map<String, String> out = new LinkedHashMap<>();
        labels.forEach((key, value) -> {
            if (key.startsWith(RESIN)) {
                out.putIfAbsent(BALENA + key.substring(RESIN.length()), value);
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    /** The value of {@code io.balena.<key>}, else {@code io.resin.<key>}. */
    public static Optional<String> get(Map<String, String> labels, String key) {
        String value = labels.get(BALENA + key);
        return Optional.ofNullable(value != null ? value : labels.get(RESIN + key));
    }

    /** Whether the label is set to a truthy value ({@link Truthy}). */
    public static boolean truthy(Map<String, String> labels, String key) {
        return get(labels, key).map(Truthy::of).orElse(false);
    }
}
