package io.bosun.spi.api;

import io.bosun.spi.keys.KeyHolder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** One call of a route: the request as received, and who is calling (checked before the route is reached). */
@ProviderType
public interface ApiCall {

    String method();

    /** The path, without the query string. */
    String path();

    /** A parameter of the route's path pattern ({@code :name}); null when the pattern has none of that name. */
    String pathParam(String name);

    /** The query parameters by exact name, from the query string only (never from a form body). */
    Map<String, List<String>> query();

    /** The first value of a query parameter. */
    default Optional<String> queryParam(String name) {
        List<String> values = query().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A header by name, in any case. */
    Optional<String> header(String name);

    /** The body (empty when none); at most 10 MB, longer ones are refused before a route is reached. */
    byte[] body();

    /** Who calls: the device's global key (also when auth is off, as in local mode) or one app's scoped key. */
    KeyHolder caller();

    /** Fails with {@code unauthorized} unless the caller may act on the app: a scoped key acts on its own only. */
    default void requireApp(long appId, ApiResponse unauthorized) throws ApiRouteException {
        if (!caller().mayActOn(appId)) {
            throw new ApiRouteException(unauthorized);
        }
    }
}
