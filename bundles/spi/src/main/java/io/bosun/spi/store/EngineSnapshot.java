package io.bosun.spi.store;

import java.time.Instant;
import java.util.Objects;

/** What the engine ran when the device entered local mode, as JSON, so leaving local mode can restore it. */
public record EngineSnapshot(String json, Instant takenAt) {

    public EngineSnapshot {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(takenAt, "takenAt");
    }
}
