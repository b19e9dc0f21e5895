package io.bosun.spi.reconcile;

import io.bosun.spi.target.TargetState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Moves the device to a target. One apply runs at a time; a new target cancels the one in progress. Every target
 * handed over is stored before it is applied, so the device goes on with it after a restart, offline.
 */
@ProviderType
public interface Reconciler {

    /**
     * Stores a target given on the device (the local API) as the local target and starts applying it; returns at
     * once. A managed device outside local mode runs its cloud's targets only.
     *
     * @throws IllegalStateException when the device is not in local mode, or the target cannot be stored
     */
    void apply(TargetState target, ApplyOptions options);

    /**
     * Applies the stored target of the source the device runs again (the local one in local mode, else the
     * cloud's), as stored: nothing is stored anew.
     *
     * @return whether there was such a target
     * @throws IllegalStateException when the stored target cannot be read
     */
    boolean reapply(ApplyOptions options);

    /** Where the reconciler stands. */
    ApplyStatus status();

    /** Every app of the target or on the device, by app id. */
    List<AppReport> apps();

    /** The images being downloaded now, with the share downloaded so far (0 to 100), by image name. */
    Map<String, Integer> downloads();

    /**
     * Completes once the device runs the target being applied now, or the target that replaced it; never fails
     * (a failing apply is retried, and {@link #status()} says why).
     */
    CompletionStage<ApplyStatus> settled();

    /**
     * Recreates every container of an app, alone (no other apply runs meanwhile), then applies the target again.
     *
     * @param force take over app-held update locks
     * @return completes when the app runs again, or fails with the reason (e.g. the app holds its locks)
     */
    CompletionStage<Void> restart(long appId, boolean force);

    /**
     * Removes an app's containers and volumes and recreates them empty, alone, then applies the target again.
     *
     * @param force take over app-held update locks
     * @return completes when the app runs again with fresh volumes, or fails with the reason
     */
    CompletionStage<Void> purge(long appId, boolean force);
}
