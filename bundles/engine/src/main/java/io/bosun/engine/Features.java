package io.bosun.engine;

import io.bosun.support.balena.BalenaLabels;
import io.bosun.support.balena.Truthy;
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
        return BalenaLabels.normalise(labels);
    }

    /** Whether a feature label is on (balena's checkTruthy). */
    static boolean enabled(Map<String, String> normalisedLabels, String feature) {
        return Truthy.of(normalisedLabels.get(PREFIX + feature));
    }
}
