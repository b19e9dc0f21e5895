package io.bosun.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Finds the route for a request; the one place where unknown paths and wrong methods are answered. */
final class Router {
    private final Map<String, Map<String, Route>> byPath = new LinkedHashMap<>();

    Router(List<Route> routes) {
        for (Route route : routes) {
            Route previous = byPath.computeIfAbsent(route.path(), p -> new LinkedHashMap<>())
                    .put(route.method(), route);
            if (previous != null) {
                throw new IllegalArgumentException("two routes for " + route.method() + " " + route.path());
            }
        }
    }

    Reply answer(String method, String path) {
        Map<String, Route> methods = byPath.get(path);
        if (methods == null) {
            return Reply.failed(404, "Not found: " + path);
        }
        Route route = methods.get(method);
        if (route == null) {
            return Reply.failed(405, "Method " + method + " is not allowed on " + path + "; allowed: "
                    + methods.keySet().stream().collect(Collectors.joining(", ")));
        }
        try {
            return route.handler().get();
        } catch (RuntimeException e) {
            return Reply.failed(503, e.getMessage() == null ? "Unknown error" : e.getMessage());
        }
    }

    List<Route> routes() {
        return byPath.values().stream().flatMap(m -> m.values().stream()).toList();
    }
}
