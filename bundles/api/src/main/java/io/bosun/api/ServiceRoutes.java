package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.api.Access;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.target.TargetState;
import java.util.List;
import java.util.Optional;

/**
 * One service's container: v1 {@code apps/:appId} stop, start and read (single-container apps), and v2
 * {@code restart-service}, {@code stop-service}, {@code start-service}, with balena's answers.
 */
final class ServiceRoutes {
    private final Services services;
    private final ServiceActions actions;

    ServiceRoutes(Services services) {
        this.services = services;
        this.actions = new ServiceActions(services);
    }

    private enum Action {
        STOP, START, RESTART
    }

    List<ApiRoute> routes() {
        return List.of(
                Route.of("POST", "/v1/apps/:appId/stop", Access.ANY_KEY, c -> v1(c, Action.STOP)),
                Route.of("POST", "/v1/apps/:appId/start", Access.ANY_KEY, c -> v1(c, Action.START)),
                Route.of("GET", "/v1/apps/:appId", Access.ANY_KEY, this::app),
                Route.of("POST", "/v2/applications/:appId/restart-service", Access.ANY_KEY,
                        c -> v2(c, Action.RESTART)),
                Route.of("POST", "/v2/applications/:appId/stop-service", Access.ANY_KEY, c -> v2(c, Action.STOP)),
                Route.of("POST", "/v2/applications/:appId/start-service", Access.ANY_KEY, c -> v2(c, Action.START)));
    }

    /**
     * v1 answers {@code {"containerId": …}}, the container acted on (the same one: stop and start keep it); its
     * faults are text.
     */
    private ApiResponse v1(Call call, Action action) throws Exception {
        long appId = Call.appId(call.pathParam("appId"))
                .orElseThrow(() -> new ApiRouteException(ApiResponse.text(400, "Invalid app id")));
        call.requireApp(appId, ApiResponse.text(401, "Unauthorized"));
        ContainerView acted = act(appId, ServiceQuery.NONE, true, action, call.force());
        return ApiResponse.json(200, ApiResponse.fields("containerId", acted.id()));
    }

    /** v2 answers its own faults in JSON, the selection's in plain text, as balena. */
    private ApiResponse v2(Call call, Action action) throws Exception {
        long appId = Call.appId(call.pathParam("appId")).filter(id -> id > 0)
                .orElseThrow(() -> new ApiRouteException(ApiResponse.failed(400, "Invalid app id")));
        call.requireApp(appId, ApiResponse.failed(401, "Unauthorized"));
        act(appId, ServiceQuery.of(call.json()), false, action, call.force());
        return ApiResponse.text(200, "OK");
    }

    private ContainerView act(long appId, ServiceQuery query, boolean legacy, Action action, boolean force)
            throws Exception {
        Optional<TargetState> target = services.storedTarget();
        List<ContainerView> containers = Apps.containers(services.requireEngine().currentState(), appId);
        ServiceSelection.Selected selected = ServiceSelection.select(containers, Apps.targetRelease(target, appId),
                query, legacy);
        // The selection found the service in the stored target, so there is one.
        TargetState stored = target.orElseThrow();
        switch (action) {
            case STOP -> actions.stop(appId, selected.container(), stored, force);
            case START -> actions.start(selected.container());
            case RESTART -> actions.restart(appId, selected.container(), force);
        }
        return selected.container();
    }

    /** {@code GET /v1/apps/:appId}: the single container of an app, its environment without keys. */
    private ApiResponse app(Call call) throws Exception {
        long appId = Call.appId(call.pathParam("appId"))
                .orElseThrow(() -> new ApiRouteException(ApiResponse.text(400, "Missing app id")));
        call.requireApp(appId, ApiResponse.failed(401, "Application is not available"));
        List<ContainerView> containers = Apps.containers(services.requireEngine().currentState(), appId);
        if (containers.isEmpty()) {
            return ApiResponse.text(400, "App not found");
        }
        if (containers.size() > 1) {
            return ApiResponse.text(400, LegacyApp.SINGLE_CONTAINER_ONLY);
        }
        Optional<String> commit = Optional.ofNullable(services.requireReleases().currentCommits().get(appId));
        return ApiResponse.json(200, LegacyApp.info(appId, commit, containers.get(0)));
    }
}
