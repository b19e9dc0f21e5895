package io.bosun.api;

import io.bosun.spi.api.Access;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRoute;
import java.util.function.Supplier;

/**
 * The built-in routes, made the way any bundle makes one ({@link ApiRoute}); their handlers take this bundle's
 * {@link Call}, which the router hands every route, for its JSON readings of the body.
 */
final class Route {
    private Route() {
    }

    /** Answers a call of a built-in route. */
    @FunctionalInterface
    interface Handler {
        ApiResponse handle(Call call) throws Exception;
    }

    static ApiRoute of(String method, String path, Access access, Handler handler) {
        return ApiRoute.of(method, path, access, call -> handler.handle((Call) call));
    }

    /** A route whose answer needs nothing of the request. */
    static ApiRoute of(String method, String path, boolean authenticated, Supplier<ApiResponse> reply) {
        return ApiRoute.of(method, path, authenticated ? Access.ANY_KEY : Access.OPEN, call -> reply.get());
    }
}
