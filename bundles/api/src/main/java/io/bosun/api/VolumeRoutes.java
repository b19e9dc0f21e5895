package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.Access;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.VolumeView;
import io.bosun.spi.target.TargetState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v2/cleanup-volumes}: removes the caller's supervised volumes that nothing uses (see
 * {@link OrphanVolumes}).
 */
final class VolumeRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeRoutes.class);

    private final Services services;

    VolumeRoutes(Services services) {
        this.services = services;
    }

    List<ApiRoute> routes() {
        return List.of(Route.of("GET", "/v2/cleanup-volumes", Access.ANY_KEY, this::cleanup));
    }

    private ApiResponse cleanup(Call call) throws Exception {
        ContainerEngine engine = services.requireEngine();
        List<TargetState> targets = services.targetsKept();
        CurrentState state = engine.currentState();
        for (VolumeView volume : OrphanVolumes.select(state.volumes(), state.containers(), targets,
                call.caller()::mayActOn)) {
            try {
                LOG.info("Removing volume {}: no container mounts it and the target does not use it",
                        volume.engineName());
                engine.removeVolume(volume.engineName());
            } catch (EngineException e) {
                // The engine refuses (409) a volume that a container outside the supervisor mounts: it stays, as
                // balena, which looks at every container, would keep it.
                if (e.kind() != EngineException.Kind.NAME_CONFLICT) {
                    throw e;
                }
                LOG.info("Volume {} is kept: {}", volume.engineName(), e.getMessage());
            }
        }
        return ApiResponse.json(200, ApiResponse.fields("status", "success"));
    }
}
