package io.bosun.api;

import io.bosun.spi.engine.ContainerView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The v1 view of a single-container app ({@code GET /v1/apps/:appId}). */
final class LegacyApp {
    static final String SINGLE_CONTAINER_ONLY = "Some v1 endpoints are only allowed on single-container apps";

    /** Keys that give access to the device or the cloud: never shown (balena's {@code privateAppEnvVars}). */
    static final Set<String> PRIVATE_ENV = Set.of("RESIN_SUPERVISOR_API_KEY", "RESIN_API_KEY",
            "BALENA_SUPERVISOR_API_KEY", "BALENA_API_KEY");

    private LegacyApp() {
    }

    /**
     * balena's fields in balena's order; {@code commit} is left out while the app has settled on none (balena's
     * undefined), {@code imageId} is the engine's image id.
     */
    static Map<String, Object> info(long appId, Optional<String> commit, ContainerView container) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appId", appId);
        commit.ifPresent(c -> body.put("commit", c));
        body.put("containerId", container.id());
        body.put("env", publicEnv(container.facts().environment()));
        body.put("imageId", container.facts().imageId());
        body.put("releaseId", container.identity().releaseId());
        return body;
    }

    static Map<String, String> publicEnv(Map<String, String> environment) {
        Map<String, String> shown = new LinkedHashMap<>(environment);
        shown.keySet().removeAll(PRIVATE_ENV);
        return shown;
    }
}
