package io.bosun.spi.intake;

import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.target.TargetState;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one way in for targets: the device API, the cloud connector, a preload file and the updater offer the
 * targets they receive here, and only here. An offered target is stored for its source before anything else; it
 * is applied when the device runs that source: the local one in local mode (an unmanaged device, or a cloud target
 * that sets {@code SUPERVISOR_LOCAL_MODE}), else the cloud's. Offers are taken one at a time, in the order they
 * come, so a local target and a cloud target that switches local mode never cross.
 */
@ProviderType
public interface TargetIntake {

    /** The source of targets given on the device (the local API). */
    String LOCAL = "local";

    /**
     * Stores the target as its source's and applies it if the device runs that source. Returns once it is
     * stored (or refused); the apply goes on after.
     *
     * @param source {@link #LOCAL}, or the device's cloud endpoint
     * @param options the offer's {@code force} lasts for the one apply run it starts
     */
    Offer offer(String source, TargetState target, ApplyOptions options);

    /** Which target runs now; answered from memory. */
    TargetSelection selection();

    /** The target a source gave last, if it gave one; answered from memory. */
    Optional<TargetState> stored(String source);
}
