package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.api.Access;
import io.bosun.spi.reconcile.AppPhase;
import io.bosun.spi.reconcile.AppReport;
import io.bosun.spi.reconcile.Reconciler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET /v2/applications/state} (the caller's target apps by name) and {@code GET
 * /v2/applications/:appId/state} (balena's legacy per-image view of one app).
 */
final class AppStateRoutes {
    private final Services services;

    AppStateRoutes(Services services) {
        this.services = services;
    }

    List<ApiRoute> routes() {
        return List.of(
                Route.of("GET", "/v2/applications/state", Access.ANY_KEY, this::applications),
                Route.of("GET", "/v2/applications/:appId/state", Access.ANY_KEY, this::application));
    }

    private ApiResponse applications(Call call) throws Exception {
        Reconciler reconciler = services.requireReconciler();
        Map<Long, AppPhase> phases = reconciler.apps().stream()
                .collect(Collectors.toMap(AppReport::appId, AppReport::phase, (a, b) -> a));
        return ApiResponse.json(200, AppStates.applications(services.storedTarget(), device(call, reconciler), phases,
                call.caller()::mayActOn));
    }

    private ApiResponse application(Call call) throws Exception {
        String raw = call.pathParam("appId");
        long appId = Call.appId(raw).filter(id -> id > 0)
                .orElseThrow(() -> new ApiRouteException(ApiResponse.failed(400, "Invalid application ID: " + raw)));
        Optional<Map<String, Object>> services;
        Optional<String> commit;
        try {
            services = AppStates.legacyServices(appId, Apps.targetRelease(this.services.storedTarget(), appId),
                    device(call, this.services.requireReconciler()));
            commit = Optional.ofNullable(this.services.requireReleases().currentCommits().get(appId));
        } catch (io.bosun.spi.store.StoreException e) {
            return ApiResponse.failed(500, "Unable to retrieve state for application ID: " + appId);
        }
        // Out of scope answers as if the app did not exist, as balena does: a scoped key learns nothing of others.
        if (services.isEmpty() || !call.caller().mayActOn(appId)) {
            return ApiResponse.failed(409, "Application ID does not exist: " + appId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        commit.ifPresent(c -> body.put("commit", c));
        body.put("local", Map.of(Long.toString(appId), Map.of("services", services.get())));
        return ApiResponse.json(200, body);
    }

    private AppStates.Device device(Call call, Reconciler reconciler) throws Exception {
        return new AppStates.Device(Apps.containers(services.requireEngine().currentState(), call.caller()::mayActOn),
                services.requireReleases().images(), reconciler.downloads());
    }
}
