package io.bosun.reconciler;

import io.bosun.spi.target.TargetState;
import java.util.NoSuchElementException;

/**
 * Restart and purge, as balena runs them: through intermediate targets, alone, failing fast (no retry), and
 * followed by the normal target. Both keep images, so the app comes back without a download.
 */
final class Exclusives {
    private Exclusives() {
    }

    /** Every container of the app goes, then comes back anew. */
    static void restart(ApplyLoop.RunFactory runs, long appId, boolean force) throws Exception {
        TargetState target = targetWith(runs, appId);
        runs.apply(Intermediates.withoutServices(target, appId), RunOptions.forApp(appId, force, true, true));
        runs.apply(target, RunOptions.forApp(appId, force, true, true));
    }

    /**
     * One service's container goes (a kill, recorded like every kill, under the app's locks), then comes back
     * anew; the app's other services are left running.
     */
    static void restartService(ApplyLoop.RunFactory runs, long appId, String serviceName, boolean force)
            throws Exception {
        TargetState target = targetWith(runs, appId);
        boolean known = Intermediates.app(target, appId).flatMap(a -> a.release())
                .map(r -> r.services().containsKey(serviceName)).orElse(false);
        if (!known) {
            throw new NoSuchElementException("Service does not exist in target release");
        }
        runs.apply(Intermediates.withoutService(target, appId, serviceName),
                RunOptions.forApp(appId, force, true, true));
        runs.apply(target, RunOptions.forApp(appId, force, true, true));
    }

    /** The app goes with its volumes, then comes back with empty ones. */
    static void purge(ApplyLoop.RunFactory runs, long appId, boolean force, SystemLog log) throws Exception {
        TargetState target = targetWith(runs, appId);
        log.info("Purging data for app " + appId);
        try {
            RunOptions purging = RunOptions.purging(appId, force, runs.localMode());
            runs.apply(Intermediates.withoutApp(target, appId), purging);
            runs.apply(target, purging);
        } catch (Exception e) {
            log.error("Error purging data: " + SystemLog.message(e));
            throw e;
        }
        log.info("Purged data");
    }

    private static TargetState targetWith(ApplyLoop.RunFactory runs, long appId) {
        TargetState target = runs.target()
                .orElseThrow(() -> new NoSuchElementException("Application with ID " + appId
                        + " is not in the current state"));
        if (Intermediates.app(target, appId).isEmpty()) {
            throw new NoSuchElementException("Application with ID " + appId + " is not in the current state");
        }
        return target;
    }
}
