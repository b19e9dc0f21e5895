package io.bosun.spi.store;

import io.bosun.spi.target.TargetState;
import java.time.Instant;
import java.util.Objects;

/**
 * A target as stored.
 *
 * @param target the target
 * @param source where it came from ({@code local} or the cloud endpoint)
 * @param storedAt when it was stored
 * @param sequence the store's count of targets stored, at this one: a later target has a higher number
 */
public record StoredTarget(TargetState target, String source, Instant storedAt, long sequence) {
    public StoredTarget {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(storedAt, "storedAt");
    }
}
