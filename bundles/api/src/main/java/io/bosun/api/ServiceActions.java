package io.bosun.api;

import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.target.TargetState;
import io.bosun.support.balena.DeviceFlags;
import java.time.Duration;

/**
 * Stop, start and restart of one service's container, as balena's API does them: stop and restart under the
 * app's update locks (balena's {@code withLock(appId)}, 10 s for another supervisor operation), start without.
 */
final class ServiceActions {
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

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
     * Has the reconciler recreate the service's container, alone and under the app's locks (its kill recorded like
     * every kill), and waits until it runs again: the container is made exactly as an update would make it, and
     * another app's lock or download neither blocks nor delays it.
     */
    void restart(long appId, ContainerView container, boolean force) throws Exception {
        AppRoutes.await(services.requireReconciler().restartService(appId, container.identity().serviceName(),
                force));
    }

    private HeldLocks lock(long appId, TargetState target, boolean force) throws Exception {
        return services.requireLocks().lockExisting(appId, force || DeviceFlags.lockOverride(target.config()), LOCK_WAIT);
    }
}
