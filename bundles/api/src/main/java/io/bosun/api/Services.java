package io.bosun.api;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.health.HealthCheck;
import io.bosun.spi.host.HostControl;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.logs.LogStream;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.LocalMode;
import io.bosun.spi.store.StateStore;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The services the routes use, each read afresh per call: a provider may be updated at any time, and a route
 * that needs a missing one answers 503 naming it.
 */
record Services(Supplier<Optional<SupervisorConfig>> config, Supplier<List<HealthCheck>> healthChecks,
        Supplier<Optional<Reconciler>> reconciler, Supplier<Optional<StateStore>> store,
        Supplier<Optional<ContainerEngine>> engine, Supplier<Optional<TargetStateCodec>> codec,
        Supplier<Optional<ApiKeys>> keys, Supplier<Optional<HostControl>> host,
        Supplier<Optional<UpdateLocks>> locks, Supplier<Optional<LogStream>> logs) {

    SupervisorConfig requireConfig() throws ApiException {
        return require(config, "The supervisor configuration");
    }

    Reconciler requireReconciler() throws ApiException {
        return require(reconciler, "The reconciler");
    }

    StateStore requireStore() throws ApiException {
        return require(store, "The state store");
    }

    ContainerEngine requireEngine() throws ApiException {
        return require(engine, "The container engine");
    }

    TargetStateCodec requireCodec() throws ApiException {
        return require(codec, "The target state codec");
    }

    ApiKeys requireKeys() throws ApiException {
        return require(keys, "The API keys");
    }

    LogStream requireLogs() throws ApiException {
        return require(logs, "The log stream");
    }

    UpdateLocks requireLocks() throws ApiException {
        return require(locks, "The update-locks service");
    }

    /**
     * The stored target the device runs toward (the local one in local mode), if any. A store failure is left
     * to the router, which answers 503 with its message, as for any failure of a service.
     */
    Optional<TargetState> storedTarget() throws ApiException, StoreException {
        return LocalMode.target(requireConfig().device(), requireStore()).map(StoredTarget::target);
    }

    /**
     * The targets whose volumes the device keeps: the one it runs and, in local mode on a managed device, the
     * cloud's, whose apps come back when local mode ends.
     */
    List<TargetState> targetsKept() throws ApiException, StoreException {
        SupervisorConfig config = requireConfig();
        StateStore store = requireStore();
        List<TargetState> targets = new ArrayList<>();
        LocalMode.target(config.device(), store).ifPresent(t -> targets.add(t.target()));
        if (!config.device().unmanaged()) {
            store.target(config.device().apiEndpoint().get()).filter(t -> t.target().localMode())
                    .ifPresent(t -> targets.add(t.target()));
        }
        return targets;
    }

    /** Whether the device is in local mode (unmanaged, or the cloud's target asks for it). */
    boolean localMode() throws ApiException, StoreException {
        return LocalMode.active(requireConfig().device(), requireStore());
    }

    private static <T> T require(Supplier<Optional<T>> service, String what) throws ApiException {
        return service.get().orElseThrow(() -> new ApiException(Reply.unavailable(what)));
    }
}
