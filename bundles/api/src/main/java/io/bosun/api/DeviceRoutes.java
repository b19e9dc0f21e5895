package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.api.Access;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.support.host.OsRelease;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The device as a whole: {@code GET /v1/device} and {@code POST /v1/update} (the host bundle serves the rest). */
final class DeviceRoutes {
    private final Services services;
    private final CallerProgress progress;

    DeviceRoutes(Services services) {
        this.services = services;
        this.progress = new CallerProgress(services);
    }

    List<ApiRoute> routes() {
        return List.of(
                Route.of("GET", "/v1/device", Access.ANY_KEY, this::device),
                Route.of("POST", "/v1/update", Access.DEVICE_KEY, this::update));
    }

    /** A scoped key sees its own app as the first app (its commit, its service's status). */
    private ApiResponse device(Call call) throws Exception {
        SupervisorConfig config = services.requireConfig();
        Reconciler reconciler = services.requireReconciler();
        LegacyDevice.Facts facts = new LegacyDevice.Facts(config.settings().apiPort(), HostFacts.addresses(),
                OsRelease.ofHost().prettyName(), config.version());
        Map<Long, String> commits = services.requireReleases().currentCommits().entrySet().stream()
                .filter(e -> call.caller().mayActOn(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return ApiResponse.json(200, LegacyDevice.body(facts, progress.status(call, reconciler),
                Apps.containers(services.requireEngine().currentState(), call.caller()::mayActOn), commits,
                progress.downloads(call, reconciler)));
    }

    /**
     * balena polls the cloud here and applies what it gets. Bosun has no cloud client yet, so it applies the
     * stored target again, with the caller's {@code force} (take over app locks) and {@code cancel} (cancel the
     * apply in progress rather than queue behind it): 204. Without a stored target there is nothing to apply: 202,
     * balena's answer for an ignored update.
     */
    private ApiResponse update(Call call) throws Exception {
        boolean force = call.force();
        boolean cancel = call.json().path("cancel").asBoolean(false);
        boolean applied = services.requireReconciler().reapply(new ApplyOptions(force, cancel));
        return applied ? ApiResponse.text(204, "") : ApiResponse.text(202, "Accepted");
    }
}
