package io.bosun.api;

import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.keys.KeyHolder;
import io.bosun.spi.locks.UpdatesLockedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the route for a request and checks who may call it: the one place where unknown paths, wrong methods,
 * missing or wrong keys and handler failures are answered. No route is reached without this check.
 */
final class Router {
    private final List<Route> routes;
    private final Auth auth;

    /** Where keys come from, and whether auth is on (off for an unmanaged device, as balena's local mode). */
    interface Auth {
        boolean enabled();

        Optional<ApiKeys> keys();

        /** Why keyed routes cannot be checked now (e.g. the configuration is being updated); empty when they can. */
        default Optional<Reply> unavailable() {
            return Optional.empty();
        }

        Auth OFF = new Auth() {
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public Optional<ApiKeys> keys() {
                return Optional.empty();
            }
        };
    }

    Router(List<Route> routes) {
        this(routes, Auth.OFF);
    }

    Router(List<Route> routes, Auth auth) {
        Map<String, Route> seen = new LinkedHashMap<>();
        for (Route route : routes) {
            if (seen.put(route.method() + " " + route.path(), route) != null) {
                throw new IllegalArgumentException("two routes for " + route.method() + " " + route.path());
            }
        }
        this.routes = List.copyOf(routes);
        this.auth = auth;
    }

    Reply answer(String method, String path) {
        return answer(Request.of(method, path));
    }

    Reply answer(Request request) {
        try {
            return route(request);
        } catch (KeyLookupException e) {
            return Reply.failed(503, e.getMessage());
        }
    }

    /**
     * The answer that needs no body: 401, 404, 405 or 503 for a request that will not reach a handler, empty when
     * it will. The servlet asks this before it reads the body, so that nobody without a key makes it read one.
     */
    Optional<Reply> refusal(Request request) {
        try {
            Optional<Route> route = routes.stream().filter(r -> r.method().equals(request.method())
                    && match(r.path(), request.path()) != null).findFirst();
            if (route.isEmpty()) {
                return Optional.of(route(request));
            }
            if (route.get().access() != Access.OPEN && auth.unavailable().isPresent()) {
                return auth.unavailable();
            }
            return caller(route.get().access(), request).isPresent() ? Optional.empty() : Optional.of(UNAUTHORIZED);
        } catch (KeyLookupException e) {
            return Optional.of(Reply.failed(503, e.getMessage()));
        }
    }

    private Reply route(Request request) {
        List<Route> onPath = new ArrayList<>();
        Map<String, String> params = null;
        Route route = null;
        for (Route r : routes) {
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
            return unauthenticatedOr(request, Reply.failed(404, "Not found: " + request.path()));
        }
        if (route == null) {
            return unauthenticatedOr(request, Reply.failed(405, "Method " + request.method() + " is not allowed on "
                    + request.path() + "; allowed: "
                    + onPath.stream().map(Route::method).collect(Collectors.joining(", "))));
        }
        if (route.access() != Access.OPEN && auth.unavailable().isPresent()) {
            return auth.unavailable().get();
        }
        Optional<KeyHolder> caller = caller(route.access(), request);
        if (caller.isEmpty()) {
            return UNAUTHORIZED;
        }
        try {
            return route.handler().handle(new Call(request, params, caller.get()));
        } catch (ApiException e) {
            return e.reply();
        } catch (UpdatesLockedException e) {
            return Reply.failed(423, e.getMessage());
        } catch (InterruptedException e) {
            // The API is going away (its bundle is updated): the action goes on, the caller learns it was cut off.
            Thread.currentThread().interrupt();
            return Reply.failed(503, STOPPING);
        } catch (Exception e) {
            return Reply.failed(503, e.getMessage() == null ? "Unknown error" : e.getMessage());
        }
    }

    static final String STOPPING = "The device API is stopping; the action goes on without it";

    static final Reply UNAUTHORIZED = Reply.text(401, "Unauthorized");

    /** balena answers an unknown path 401 to a caller without a valid key, so paths cannot be probed. */
    private Reply unauthenticatedOr(Request request, Reply reply) {
        return caller(Access.ANY_KEY, request).isPresent() ? reply : UNAUTHORIZED;
    }

    private Optional<KeyHolder> caller(Access access, Request request) {
        try {
            return lookUp(access, request);
        } catch (RuntimeException e) {
            throw new KeyLookupException(e);
        }
    }

    /** The key store failed (e.g. while it is updated): balena answers 503, not 401. */
    static final class KeyLookupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeyLookupException(RuntimeException cause) {
            super("Unexpected error: " + cause.getMessage(), cause);
        }
    }

    private Optional<KeyHolder> lookUp(Access access, Request request) {
        if (access == Access.OPEN || !auth.enabled()) {
            return Optional.of(KeyHolder.DEVICE);
        }
        Optional<ApiKeys> keys = auth.keys();
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        Optional<KeyHolder> holder = request.apiKey().flatMap(k -> keys.get().holderOf(k));
        if (access == Access.DEVICE_KEY) {
            return holder.filter(KeyHolder::global);
        }
        return holder;
    }

    /** The parameters of a path that matches the pattern, or null. */
    static Map<String, String> match(String pattern, String path) {
        String[] want = pattern.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
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

    List<Route> routes() {
        return routes;
    }
}
