package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route served: the built-in ones, then those other bundles registered (the whiteboard), in the order they
 * came. A method and path served twice is served by the first; the later one is logged and left out, so a vendor
 * bundle can never take over a built-in route. Read on every request, rebuilt on every change.
 */
final class RouteTable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);

    private final List<ApiRoute> builtIn;
    private final List<ApiRoute> added = new ArrayList<>();
    private volatile List<ApiRoute> served;

    RouteTable(List<ApiRoute> builtIn) {
        Map<String, ApiRoute> seen = new LinkedHashMap<>();
        for (ApiRoute route : builtIn) {
            if (seen.put(key(route), route) != null) {
                throw new IllegalArgumentException("two routes for " + key(route));
            }
        }
        this.builtIn = List.copyOf(builtIn);
        this.served = this.builtIn;
    }

    List<ApiRoute> routes() {
        return served;
    }

    synchronized void add(ApiRoute route) {
        added.add(route);
        rebuild();
    }

    synchronized void remove(ApiRoute route) {
        added.remove(route);
        rebuild();
    }

    private void rebuild() {
        Map<String, ApiRoute> byKey = new LinkedHashMap<>();
        builtIn.forEach(r -> byKey.put(key(r), r));
        for (ApiRoute route : added) {
            ApiRoute first = byKey.putIfAbsent(key(route), route);
            if (first != null && first != route) {
                LOG.error("The route {} of {} is not served: {} serves it already", key(route), route, first);
            }
        }
        served = List.copyOf(byKey.values());
    }

    private static String key(ApiRoute route) {
        return route.method() + " " + route.path();
    }
}
