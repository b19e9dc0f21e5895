package io.bosun.api;

import io.bosun.spi.keys.ApiKeys;
import java.util.List;

/** {@code POST /v1/regenerate-api-key}: the caller's key is replaced, and the new one answered. */
final class KeyRoutes {
    private final Services services;

    KeyRoutes(Services services) {
        this.services = services;
    }

    List<Route> routes() {
        return List.of(new Route("POST", "/v1/regenerate-api-key", Access.ANY_KEY, this::regenerate));
    }

    /** Without a key (auth off, local mode) the global key is the one regenerated. */
    private Reply regenerate(Call call) throws ApiException {
        ApiKeys keys = services.requireKeys();
        String current = call.request().apiKey().orElseGet(keys::globalKey);
        return keys.regenerate(current).map(k -> Reply.text(200, k))
                .orElseGet(() -> Reply.failed(503, "The key to regenerate is not known"));
    }
}
