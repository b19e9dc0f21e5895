package io.bosun.spi.reconcile;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Moves the device to the target it runs (see {@link io.bosun.spi.intake.TargetIntake}, where targets come in).
 * One apply runs at a time; a new target cancels the one in progress.
 */
@ProviderType
public interface Reconciler {

    /**
     * Applies the stored target of the source the device runs again (the local one in local mode, else the
     * cloud's), as stored: nothing is stored anew.
     *
     * @return whether there was such a target
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
     * Only that app is acted on: another app's locks or downloads neither block nor delay it.
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

    /**
     * Recreates one service's container (balena's {@code restart-service}), alone, then applies the target again.
     * The kill is recorded like every kill, so a supervisor stopped half-way finishes it at its next start.
     *
     * @param force take over app-held update locks
     * @return completes when the service runs again in a new container, or fails with the reason
     */
    CompletionStage<Void> restartService(long appId, String serviceName, boolean force);
}
