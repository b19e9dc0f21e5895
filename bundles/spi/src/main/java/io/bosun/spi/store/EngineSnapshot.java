package io.bosun.spi.store;

import java.time.Instant;
import java.util.Objects;

/** What the engine held when the device entered local mode, as JSON, so leaving it can remove what came since. */
public record EngineSnapshot(String json, Instant takenAt) {

    public EngineSnapshot {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(takenAt, "takenAt");
    }
}
