package io.bosun.api;

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

    List<Route> routes() {
        return List.of(
                new Route("POST", "/v1/apps/:appId/stop", Access.ANY_KEY, c -> v1(c, Action.STOP)),
                new Route("POST", "/v1/apps/:appId/start", Access.ANY_KEY, c -> v1(c, Action.START)),
                new Route("GET", "/v1/apps/:appId", Access.ANY_KEY, this::app),
                new Route("POST", "/v2/applications/:appId/restart-service", Access.ANY_KEY,
                        c -> v2(c, Action.RESTART)),
                new Route("POST", "/v2/applications/:appId/stop-service", Access.ANY_KEY, c -> v2(c, Action.STOP)),
                new Route("POST", "/v2/applications/:appId/start-service", Access.ANY_KEY, c -> v2(c, Action.START)));
    }

    /**
     * v1 answers {@code {"containerId": …}}, the container acted on (the same one: stop and start keep it); its
     * faults are text.
     */
    private Reply v1(Call call, Action action) throws Exception {
        long appId = Call.appId(call.pathParam("appId"))
                .orElseThrow(() -> new ApiException(Reply.text(400, "Invalid app id")));
        call.requireApp(appId, Reply.text(401, "Unauthorized"));
        ContainerView acted = act(appId, ServiceQuery.NONE, true, action, call.force());
        return Reply.json(200, Reply.fields("containerId", acted.id()));
    }

    /** v2 answers its own faults in JSON, the selection's in plain text, as balena. */
    private Reply v2(Call call, Action action) throws Exception {
        long appId = Call.appId(call.pathParam("appId")).filter(id -> id > 0)
                .orElseThrow(() -> new ApiException(Reply.failed(400, "Invalid app id")));
        call.requireApp(appId, Reply.failed(401, "Unauthorized"));
        act(appId, ServiceQuery.of(call.body()), false, action, call.force());
        return Reply.text(200, "OK");
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
            case RESTART -> actions.restart(appId, selected.container(), stored, force);
        }
        return selected.container();
    }

    /** {@code GET /v1/apps/:appId}: the single container of an app, its environment without keys. */
    private Reply app(Call call) throws Exception {
        long appId = Call.appId(call.pathParam("appId"))
                .orElseThrow(() -> new ApiException(Reply.text(400, "Missing app id")));
        call.requireApp(appId, Reply.failed(401, "Application is not available"));
        List<ContainerView> containers = Apps.containers(services.requireEngine().currentState(), appId);
        if (containers.isEmpty()) {
            return Reply.text(400, "App not found");
        }
        if (containers.size() > 1) {
            return Reply.text(400, LegacyApp.SINGLE_CONTAINER_ONLY);
        }
        Optional<String> commit = Optional.ofNullable(services.requireStore().currentCommits().get(appId));
        return Reply.json(200, LegacyApp.info(appId, commit, containers.get(0)));
    }
}
