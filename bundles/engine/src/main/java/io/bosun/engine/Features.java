package io.bosun.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** balena's labels: {@code io.resin.*} read as {@code io.balena.*}, and feature flags checked as balena does. */
final class Features {
    static final String PREFIX = "io.balena.features.";
    static final String SUPERVISED = "io.balena.supervised";
    static final String APP_ID = "io.balena.app-id";
    static final String APP_UUID = "io.balena.app-uuid";
    static final String SERVICE_ID = "io.balena.service-id";
    static final String SERVICE_NAME = "io.balena.service-name";
    static final String LEGACY_SUPERVISED = "io.resin.supervised";
    static final String PRIVATE_IPAM = "io.balena.private.ipam.config";

    private Features() {
    }

    /** Labels with {@code io.resin.} keys renamed to {@code io.balena.}; a balena key wins over its resin twin. */
    static Map<String, String> normalise(Map<String, String> labels) {
        Map<String, String> out = new LinkedHashMap<>();
        labels.forEach((key, value) -> {
            if (key.startsWith("io.resin.")) {
                out.putIfAbsent("io.balena." + key.substring("io.resin.".length()), value);
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    /** balena's checkTruthy: 1, true or on, in any case. */
    static boolean enabled(Map<String, String> normalisedLabels, String feature) {
        String value = normalisedLabels.get(PREFIX + feature);
        return value != null && switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "on" -> true;
            default -> false;
        };
    }
}
