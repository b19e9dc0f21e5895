package io.bosun.api;

import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.reconcile.AppPhase;
import io.bosun.spi.reconcile.AppReport;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.target.TargetState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stop, start and restart of one service's container, as balena's API does them: stop and restart under the
 * app's update locks (balena's {@code withLock(appId)}, 10 s for another supervisor operation), start without.
 */
final class ServiceActions {
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    /** A restart waits for a start (the image stays on the device); the bound is for an engine that hangs. */
    private static final Duration SETTLE_WAIT = Duration.ofMinutes(10);
    private static final long POLL_SECONDS = 1;

    private final Services services;

    ServiceActions(Services services) {
        this.services = services;
    }

    /**
     * Stops (keeps) the container; it stays stopped, as the reconciler leaves an exited container to the engine's
     * restart policy, and the engine does not restart a container stopped on purpose.
     */
    void stop(long appId, ContainerView container, TargetState target, boolean force) throws Exception {
        ContainerEngine engine = services.requireEngine();
        try (HeldLocks held = lock(appId, target, force)) {
            engine.stop(container.id());
        }
    }

    /** Starts the container; a start changes nothing an app could hold off, so it needs no lock. */
    void start(ContainerView container) throws Exception {
        services.requireEngine().start(container.id());
    }

    /**
     * Removes the container under the locks, then has the reconciler make the service anew from the target, and
     * waits until it has. The reconciler, not this route, creates the container, so that it is made exactly as
     * an update would make it.
     */
    void restart(long appId, ContainerView container, TargetState target, boolean force) throws Exception {
        ContainerEngine engine = services.requireEngine();
        Reconciler reconciler = services.requireReconciler();
        try (HeldLocks held = lock(appId, target, force)) {
            engine.remove(container.id());
        }
        // The stored target is applied again as it is now (a newer one may have come meanwhile), without force
        // and without cancelling the run in progress: the caller's force is for its own app's lock only, which
        // it has used above, and a scoped key must not push other apps past theirs.
        reconciler.reapply(new ApplyOptions(false, false));
        awaitBack(reconciler, engine, appId, container);
    }

    private HeldLocks lock(long appId, TargetState target, boolean force) throws Exception {
        return services.requireLocks().lockExisting(appId, force || target.lockOverride(), LOCK_WAIT);
    }

    /**
     * Waits until the reconciler settles, or until the app is settled with the service running in a new
     * container (another app that cannot settle, e.g. a locked one, must not hold this answer back). An app that
     * becomes locked meanwhile answers 423 rather than hanging the caller.
     */
    private static void awaitBack(Reconciler reconciler, ContainerEngine engine, long appId, ContainerView removed)
            throws Exception {
        CompletableFuture<?> settled = reconciler.settled().toCompletableFuture();
        long deadline = System.nanoTime() + SETTLE_WAIT.toNanos();
        while (true) {
            try {
                settled.get(POLL_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                throw new ApiException(Reply.failed(503, String.valueOf(e.getCause().getMessage())));
            } catch (TimeoutException e) {
                Optional<AppReport> report = reconciler.apps().stream().filter(a -> a.appId() == appId).findFirst();
                if (report.isPresent() && report.get().phase() == AppPhase.LOCKED) {
                    throw new UpdatesLockedException(report.get().waitingFor().orElse("Updates are locked"));
                }
                if (report.isPresent() && report.get().phase() == AppPhase.SETTLED && runsAgain(engine, removed)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new ApiException(Reply.failed(503, "The service did not run again within "
                            + SETTLE_WAIT.toMinutes() + " minutes; the reconciler goes on"));
                }
            }
        }
    }

    private static boolean runsAgain(ContainerEngine engine, ContainerView removed) {
        return Apps.containers(engine.currentState(), removed.identity().appId()).stream()
                .anyMatch(c -> !c.id().equals(removed.id())
                        && c.identity().serviceName().equals(removed.identity().serviceName())
                        && c.status() == ServiceStatus.RUNNING);
    }
}
