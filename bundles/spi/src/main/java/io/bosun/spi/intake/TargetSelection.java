package io.bosun.spi.intake;

import io.bosun.spi.target.TargetState;
import java.util.Objects;
import java.util.Optional;

/**
 * Which target the device runs, one immutable fact published with a sequence number that grows with every change
 * (a new target of the running source, a switch of local mode), so that readers tell old news from new without
 * reading the store.
 *
 * @param sequence grows with every change; 0 before the stored targets are known
 * @param known whether the stored targets have been read (false at start, and while the store is away at start)
 * @param source the source the device runs: {@link TargetIntake#LOCAL}, or the cloud endpoint
 * @param localMode whether the device is in local mode (the device API then needs no key)
 * @param target the target of that source, if it gave one
 */
public record TargetSelection(long sequence, boolean known, String source, boolean localMode,
        Optional<TargetState> target) {
    public TargetSelection {
        Objects.requireNonNull(source, "source");
        target = target == null ? Optional.empty() : target;
    }
}
