package io.bosun.spi.store;

import io.bosun.spi.target.TargetState;
import java.time.Instant;

/**
 * A target as stored.
 *
 * @param target the target
 * @param source where it came from ({@code local} or the cloud endpoint)
 * @param storedAt when it was stored
 */
public record StoredTarget(TargetState target, String source, Instant storedAt) {
}
