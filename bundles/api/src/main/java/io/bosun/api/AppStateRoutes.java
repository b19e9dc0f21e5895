package io.bosun.api;

import io.bosun.spi.reconcile.AppPhase;
import io.bosun.spi.reconcile.AppReport;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.StateStore;
import io.bosun.spi.store.StoreException;
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

    List<Route> routes() {
        return List.of(
                new Route("GET", "/v2/applications/state", Access.ANY_KEY, this::applications),
                new Route("GET", "/v2/applications/:appId/state", Access.ANY_KEY, this::application));
    }

    private Reply applications(Call call) throws Exception {
        Reconciler reconciler = services.requireReconciler();
        Map<Long, AppPhase> phases = reconciler.apps().stream()
                .collect(Collectors.toMap(AppReport::appId, AppReport::phase, (a, b) -> a));
        return Reply.json(200, AppStates.applications(services.storedTarget(), device(call, reconciler), phases,
                call.caller()::mayActOn));
    }

    private Reply application(Call call) throws Exception {
        String raw = call.pathParam("appId");
        long appId = Call.appId(raw).filter(id -> id > 0)
                .orElseThrow(() -> new ApiException(Reply.failed(400, "Invalid application ID: " + raw)));
        Optional<Map<String, Object>> services;
        Optional<String> commit;
        try {
            services = AppStates.legacyServices(appId, Apps.targetRelease(this.services.storedTarget(), appId),
                    device(call, this.services.requireReconciler()));
            commit = Optional.ofNullable(this.services.requireStore().currentCommits().get(appId));
        } catch (StoreException e) {
            return Reply.failed(500, "Unable to retrieve state for application ID: " + appId);
        }
        // Out of scope answers as if the app did not exist, as balena does: a scoped key learns nothing of others.
        if (services.isEmpty() || !call.caller().mayActOn(appId)) {
            return Reply.failed(409, "Application ID does not exist: " + appId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        commit.ifPresent(c -> body.put("commit", c));
        body.put("local", Map.of(Long.toString(appId), Map.of("services", services.get())));
        return Reply.json(200, body);
    }

    private AppStates.Device device(Call call, Reconciler reconciler) throws ApiException, StoreException {
        StateStore store = services.requireStore();
        return new AppStates.Device(Apps.containers(services.requireEngine().currentState(), call.caller()::mayActOn),
                store.images(), reconciler.downloads());
    }
}
