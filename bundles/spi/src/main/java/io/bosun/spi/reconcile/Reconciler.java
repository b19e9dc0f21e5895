package io.bosun.spi.reconcile;

import io.bosun.spi.target.TargetState;
import org.osgi.annotation.versioning.ProviderType;

/** Moves the device to a target. One apply runs at a time; a new target cancels the one in progress. */
@ProviderType
public interface Reconciler {

    /** Starts applying a target and returns at once. */
    void apply(TargetState target, ApplyOptions options);

    /** Where the reconciler stands. */
    ApplyStatus status();
}
