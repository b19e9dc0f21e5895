package io.bosun.updater;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;

/**
 * The updater's settings, read once at start from the configurations the config bundle published before this
 * bundle starts: the supervisor's ({@code io.bosun.config}: the data folder) and the updater's
 * ({@code io.bosun.updater}: the trusted key and the health gate's times).
 *
 * @param gate how long a new set has to become healthy
 * @param settle how long it has to stay healthy, within the gate, to be committed
 */
record UpdaterSettings(Path dataDir, Trust trust, Duration gate, Duration settle) {
    static final String CONFIG_PID = "io.bosun.config";
    static final String PID = "io.bosun.updater";
    static final Duration DEFAULT_GATE = Duration.ofSeconds(30);
    static final Duration DEFAULT_SETTLE = Duration.ofSeconds(3);

    static UpdaterSettings of(Dictionary<String, ?> supervisor, Dictionary<String, ?> updater) {
        Object dataDir = supervisor == null ? null : supervisor.get("dataDir");
        if (dataDir == null) {
            throw new IllegalStateException("the configuration " + CONFIG_PID + " has no dataDir: the config bundle"
                    + " did not start before the updater");
        }
        Object trust = updater == null ? null : updater.get("trust");
        return new UpdaterSettings(Path.of(dataDir.toString()), Trust.of(trust == null ? "" : trust.toString()),
                Duration.ofSeconds(number(updater, "gateSeconds", DEFAULT_GATE.toSeconds())),
                Duration.ofMillis(number(updater, "settleMillis", DEFAULT_SETTLE.toMillis())));
    }

    private static long number(Dictionary<String, ?> properties, String key, long fallback) {
        Object value = properties == null ? null : properties.get(key);
        return value == null ? fallback : Long.parseLong(value.toString());
    }

    Path stageFolder() {
        return dataDir.resolve("bundles");
    }
}
