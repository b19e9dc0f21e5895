package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.api.Access;
import io.bosun.spi.keys.ApiKeys;
import java.util.List;

/** {@code POST /v1/regenerate-api-key}: the caller's key is replaced, and the new one answered. */
final class KeyRoutes {
    private final Services services;

    KeyRoutes(Services services) {
        this.services = services;
    }

    List<ApiRoute> routes() {
        return List.of(Route.of("POST", "/v1/regenerate-api-key", Access.ANY_KEY, this::regenerate));
    }

    /** Without a key (auth off, local mode) the global key is the one regenerated. */
    private ApiResponse regenerate(Call call) throws ApiRouteException {
        ApiKeys keys = services.requireKeys();
        String current = call.request().apiKey().orElseGet(keys::globalKey);
        return keys.regenerate(current).map(k -> ApiResponse.text(200, k))
                .orElseGet(() -> ApiResponse.failed(503, "The key to regenerate is not known"));
    }
}
