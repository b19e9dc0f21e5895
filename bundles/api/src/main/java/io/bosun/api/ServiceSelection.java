package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import java.util.List;
import java.util.Optional;

/**
 * Which container a service action acts on, and the target service it stands for, with balena's answers when
 * either is missing (device-api/actions.ts {@code executeServiceAction} and messages.ts).
 */
final class ServiceSelection {
    static final String APP_NOT_FOUND = "App not found: an app needs to be installed for this endpoint to work.\n"
            + "\tIf you've recently moved this device from another app,\n"
            + "\tplease push an app and wait for it to be installed first.";
    static final String SERVICE_NOT_FOUND = "Service not found, a container must exist for this endpoint to work";
    static final String TARGET_SERVICE_NOT_FOUND = "Service does not exist in target release";
    static final String NAME_THE_SERVICE = "serviceName or imageId parameters were not provided or the app is "
            + "multi-container. Use the v2 service action endpoints.";

    private ServiceSelection() {
    }

    /** The container acted on, and what the reconciler puts back for it. */
    record Selected(ContainerView container, TargetService target) {
    }

    /**
     * Picks the container: the one the query names, or the app's only one when it names none.
     *
     * @param containers the app's containers now
     * @param release the app's release in the stored target, if any
     * @param legacy a v1 call: balena answers 400 there where v2 answers 404 (a missing app or service), to keep
     *        its old interface
     */
    static Selected select(List<ContainerView> containers, Optional<TargetRelease> release, ServiceQuery query,
            boolean legacy) throws ApiRouteException {
        int notFound = legacy ? 400 : 404;
        if (containers.isEmpty()) {
            throw new ApiRouteException(ApiResponse.text(notFound, APP_NOT_FOUND));
        }
        ContainerView container;
        if (query.names()) {
            // Unlike balena, a name is honoured on a single-container app too: acting on another service than
            // the one named would surprise the caller.
            container = containers.stream().filter(query::matches).findFirst()
                    .orElseThrow(() -> new ApiRouteException(ApiResponse.text(notFound, SERVICE_NOT_FOUND)));
        } else if (containers.size() == 1) {
            container = containers.get(0);
        } else {
            throw new ApiRouteException(ApiResponse.text(400, NAME_THE_SERVICE));
        }
        TargetService target = release.flatMap(r -> r.services().values().stream()
                .filter(s -> s.imageId() == container.identity().imageId()
                        || s.name().equals(container.identity().serviceName()))
                .findFirst())
                .orElseThrow(() -> new ApiRouteException(ApiResponse.text(404, TARGET_SERVICE_NOT_FOUND)));
        return new Selected(container, target);
    }
}
