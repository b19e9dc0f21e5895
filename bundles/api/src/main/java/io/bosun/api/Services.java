package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.bundles.BundleUpdates;
import io.bosun.spi.bundles.CarrierStatus;
import io.bosun.spi.cloud.CloudConnection;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.health.HealthCheck;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.intake.TargetSelection;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.logs.LogStream;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.ReleaseRecords;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The OSGi services the routes use, each read afresh per call: a provider may be updated at any time, and a route
 * that needs a missing one answers 503 naming it.
 */
record Services(Supplier<Optional<SupervisorConfig>> config, Supplier<List<HealthCheck>> healthChecks,
        Supplier<Optional<Reconciler>> reconciler, Supplier<Optional<TargetIntake>> intake,
        Supplier<Optional<ReleaseRecords>> releases, Supplier<Optional<RecordStore>> records,
        Supplier<Optional<ContainerEngine>> engine, Supplier<Optional<TargetStateCodec>> codec,
        Supplier<Optional<ApiKeys>> keys,
        Supplier<Optional<UpdateLocks>> locks, Supplier<Optional<LogStream>> logs,
        Supplier<Optional<CloudConnection>> cloud, Supplier<Optional<BundleUpdates>> bundles,
        Duration providerGrace) {

    /**
     * How long a route waits for a provider that is away before it answers 503: a bundle being replaced is back
     * within a fraction of a second, and a client would rather wait than see the update (docs/api.md).
     */
    static final Duration PROVIDER_GRACE = Duration.ofSeconds(2);

    /** The services of a device without a cloud connector and an updater (in tests). */
    Services(Supplier<Optional<SupervisorConfig>> config, Supplier<List<HealthCheck>> healthChecks,
            Supplier<Optional<Reconciler>> reconciler, Supplier<Optional<TargetIntake>> intake,
            Supplier<Optional<ReleaseRecords>> releases, Supplier<Optional<RecordStore>> records,
            Supplier<Optional<ContainerEngine>> engine, Supplier<Optional<TargetStateCodec>> codec,
            Supplier<Optional<ApiKeys>> keys, Supplier<Optional<UpdateLocks>> locks,
            Supplier<Optional<LogStream>> logs) {
        this(config, healthChecks, reconciler, intake, releases, records, engine, codec, keys, locks, logs,
                Optional::empty, Optional::empty, Duration.ZERO);
    }

    /** The bundles of a carrier image, when it is one: its state then says where they stand. */
    Optional<CarrierStatus> carrier(String image) {
        return bundles.get().flatMap(b -> b.carrier(image));
    }

    /** balena's device name before any target named one (its config {@code name} default). */
    static final String DEFAULT_DEVICE_NAME = "local";

    SupervisorConfig requireConfig() throws ApiRouteException {
        return require(config, "The supervisor configuration");
    }

    Reconciler requireReconciler() throws ApiRouteException {
        return require(reconciler, "The reconciler");
    }

    TargetIntake requireIntake() throws ApiRouteException {
        return require(intake, "The reconciler");
    }

    ReleaseRecords requireReleases() throws ApiRouteException {
        return require(releases, "The state store");
    }

    RecordStore requireRecords() throws ApiRouteException {
        return require(records, "The state store");
    }

    CloudConnection requireCloud() throws ApiRouteException {
        return require(cloud, "The cloud connector");
    }

    ContainerEngine requireEngine() throws ApiRouteException {
        return require(engine, "The container engine");
    }

    TargetStateCodec requireCodec() throws ApiRouteException {
        return require(codec, "The target state codec");
    }

    ApiKeys requireKeys() throws ApiRouteException {
        return require(keys, "The API keys");
    }

    LogStream requireLogs() throws ApiRouteException {
        return require(logs, "The log stream");
    }

    UpdateLocks requireLocks() throws ApiRouteException {
        return require(locks, "The update-locks service");
    }

    /** Which target runs, as the reconciler publishes it (no store read); 503 while it is not known yet. */
    TargetSelection selection() throws ApiRouteException {
        TargetSelection selection = requireIntake().selection();
        if (!selection.known()) {
            throw new ApiRouteException(ApiResponse.unavailable("The device's stored targets"));
        }
        return selection;
    }

    /** The target the device runs toward (the local one in local mode), if its source gave one. */
    Optional<TargetState> storedTarget() throws ApiRouteException {
        return selection().target();
    }

    /** The device's name: the running target's, else balena's default. */
    String deviceName() throws ApiRouteException {
        return storedTarget().map(TargetState::name).orElse(DEFAULT_DEVICE_NAME);
    }

    /**
     * The targets whose volumes the device keeps: the one it runs and, in local mode on a managed device, the
     * cloud's, whose apps come back when local mode ends.
     */
    List<TargetState> targetsKept() throws ApiRouteException {
        TargetSelection selection = selection();
        List<TargetState> targets = new ArrayList<>();
        selection.target().ifPresent(targets::add);
        requireConfig().device().apiEndpoint().filter(cloud -> selection.localMode())
                .flatMap(cloud -> requireIntakeQuietly().flatMap(i -> i.stored(cloud))).ifPresent(targets::add);
        return targets;
    }

    private Optional<TargetIntake> requireIntakeQuietly() {
        return intake.get();
    }

    /** Whether the device is in local mode (unmanaged, or the cloud's target asks for it). */
    boolean localMode() throws ApiRouteException {
        return selection().localMode();
    }

    private <T> T require(Supplier<Optional<T>> service, String what) throws ApiRouteException {
        return awaitPresent(service, providerGrace)
                .orElseThrow(() -> new ApiRouteException(ApiResponse.unavailable(what)));
    }

    /** The value once present, asked again every 5 ms for up to {@code grace}; empty if it did not come. */
    static <T> Optional<T> awaitPresent(Supplier<Optional<T>> value, Duration grace) {
        Optional<T> found = value.get();
        long deadline = System.nanoTime() + grace.toNanos();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            found = value.get();
        }
        return found;
    }
}
