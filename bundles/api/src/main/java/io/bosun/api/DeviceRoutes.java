package io.bosun.api;

import io.bosun.support.host.HostFacts;

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
        Map<String, Object> body = LegacyDevice.body(facts, progress.status(call, reconciler),
                Apps.containers(services.requireEngine().currentState(), call.caller()::mayActOn), commits,
                progress.downloads(call, reconciler));
        if (!config.device().unmanaged()) {
            services.cloud().get().ifPresent(cloud -> LegacyDevice.addCloud(body, cloud.status()));
        }
        return ApiResponse.json(200, body);
    }

    /**
     * A managed device asks its cloud for the target now (unless instant updates are off and the caller did not
     * force it: 202, balena's answer for an ignored update); the caller's {@code force} (take over app locks) and
     * {@code cancel} (cancel the apply in progress rather than queue behind it) reach the apply that follows. An
     * unmanaged device has no cloud: it applies its stored target again (202 when it has none).
     */
    private ApiResponse update(Call call) throws Exception {
        ApplyOptions options = new ApplyOptions(call.force(), call.json().path("cancel").asBoolean(false));
        boolean done = services.requireConfig().device().unmanaged()
                ? services.requireReconciler().reapply(options)
                : services.requireCloud().pollNow(options);
        return done ? ApiResponse.text(204, "") : ApiResponse.text(202, "Accepted");
    }
}
