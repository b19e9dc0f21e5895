package io.bosun.api;

import io.bosun.spi.api.Access;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.keys.KeyHolder;
import io.bosun.spi.locks.UpdatesLockedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Finds the route for a request and checks who may call it: the one place where unknown paths, wrong methods,
 * missing or wrong keys and handler failures are answered, for the built-in routes and every bundle's alike. No
 * route is reached without this check.
 */
final class Router {
    private final Supplier<List<ApiRoute>> routes;
    private final Auth auth;

    /** Whether auth is on, and with which keys. */
    interface Auth {
        /**
         * Whether a key is needed (off in local mode, as balena); empty while that cannot be known (the
         * configuration or the device's targets are not there yet): keyed routes then answer 503, never 401.
         */
        Optional<Boolean> enabled();

        /** What is missing when {@link #enabled()} is empty, for the 503. */
        String whyUnknown();

        Optional<ApiKeys> keys();

        Auth OFF = new Auth() {
            @Override
            public Optional<Boolean> enabled() {
                return Optional.of(false);
            }

            @Override
            public String whyUnknown() {
                return "";
            }

            @Override
            public Optional<ApiKeys> keys() {
                return Optional.empty();
            }
        };
    }

    Router(List<ApiRoute> routes) {
        this(() -> routes, Auth.OFF);
    }

    Router(List<ApiRoute> routes, Auth auth) {
        this(() -> routes, auth);
    }

    /** @param routes the routes now, first come first served on a method and path served twice */
    Router(Supplier<List<ApiRoute>> routes, Auth auth) {
        this.routes = routes;
        this.auth = auth;
    }

    ApiResponse answer(String method, String path) {
        return answer(Request.of(method, path));
    }

    ApiResponse answer(Request request) {
        try {
            return route(request);
        } catch (Unavailable e) {
            return e.reply;
        }
    }

    /**
     * The answer that needs no body: 401, 404, 405 or 503 for a request that will not reach a handler, empty when
     * it will. The servlet asks this before it reads the body, so that nobody without a key makes it read one.
     */
    Optional<ApiResponse> refusal(Request request) {
        try {
            Optional<ApiRoute> route = routes.get().stream().filter(r -> r.method().equals(request.method())
                    && match(r.path(), request.path()) != null).findFirst();
            if (route.isEmpty()) {
                return Optional.of(route(request));
            }
            return caller(route.get().access(), request).isPresent() ? Optional.empty() : Optional.of(UNAUTHORIZED);
        } catch (Unavailable e) {
            return Optional.of(e.reply);
        }
    }

    private ApiResponse route(Request request) {
        List<ApiRoute> onPath = new ArrayList<>();
        Map<String, String> params = null;
        ApiRoute route = null;
        for (ApiRoute r : routes.get()) {
            Map<String, String> p = match(r.path(), request.path());
            if (p != null) {
                onPath.add(r);
                if (r.method().equals(request.method()) && route == null) {
                    route = r;
                    params = p;
                }
            }
        }
        if (onPath.isEmpty()) {
            return unauthenticatedOr(request, ApiResponse.failed(404, "Not found: " + request.path()));
        }
        if (route == null) {
            return unauthenticatedOr(request, ApiResponse.failed(405, "Method " + request.method()
                    + " is not allowed on " + request.path() + "; allowed: "
                    + onPath.stream().map(ApiRoute::method).collect(Collectors.joining(", "))));
        }
        Optional<KeyHolder> caller = caller(route.access(), request);
        if (caller.isEmpty()) {
            return UNAUTHORIZED;
        }
        try {
            return route.handle(new Call(request, params, caller.get()));
        } catch (ApiRouteException e) {
            return e.response();
        } catch (UpdatesLockedException e) {
            return ApiResponse.failed(423, e.getMessage());
        } catch (InterruptedException e) {
            // The API is going away (its bundle is updated): the action goes on, the caller learns it was cut off.
            Thread.currentThread().interrupt();
            return ApiResponse.failed(503, STOPPING);
        } catch (Exception e) {
            return ApiResponse.failed(503, e.getMessage() == null ? "Unknown error" : e.getMessage());
        }
    }

    static final String STOPPING = "The device API is stopping; the action goes on without it";

    static final ApiResponse UNAUTHORIZED = ApiResponse.text(401, "Unauthorized");

    /** balena answers an unknown path 401 to a caller without a valid key, so paths cannot be probed. */
    private ApiResponse unauthenticatedOr(Request request, ApiResponse reply) {
        return caller(Access.ANY_KEY, request).isPresent() ? reply : UNAUTHORIZED;
    }

    /** Who calls: empty for a wrong or missing key; {@link Unavailable} when that cannot be told now. */
    private Optional<KeyHolder> caller(Access access, Request request) {
        if (access == Access.OPEN) {
            return Optional.of(KeyHolder.DEVICE);
        }
        Optional<Boolean> enabled = auth.enabled();
        if (enabled.isEmpty()) {
            throw new Unavailable(ApiResponse.unavailable(auth.whyUnknown()));
        }
        if (!enabled.get()) {
            return Optional.of(KeyHolder.DEVICE);
        }
        // Without the key store no key can be told right or wrong: 503, so that no caller takes its key for bad.
        ApiKeys keys = auth.keys().orElseThrow(() -> new Unavailable(ApiResponse.unavailable("The API keys")));
        Optional<KeyHolder> holder;
        try {
            holder = request.apiKey().flatMap(keys::holderOf);
        } catch (RuntimeException e) {
            throw new Unavailable(ApiResponse.failed(503, "Unexpected error: " + e.getMessage()));
        }
        return access == Access.DEVICE_KEY ? holder.filter(KeyHolder::global) : holder;
    }

    /** Who calls cannot be told now (balena answers its key lookup errors 503). */
    private static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ApiResponse reply;

        Unavailable(ApiResponse reply) {
            super(String.valueOf(reply.body()), null, false, false);
            this.reply = reply;
        }
    }

    /** The parameters of a path that matches the pattern, or null. */
    static Map<String, String> match(String pattern, String path) {
        String[] want = pattern.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith(":")) {
                if (got[i].isEmpty()) {
                    return null;
                }
                params.put(want[i].substring(1), got[i]);
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return params;
    }

    List<ApiRoute> routes() {
        return routes.get();
    }
}
