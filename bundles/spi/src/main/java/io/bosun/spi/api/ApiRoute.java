package io.bosun.spi.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One endpoint of the device API (whiteboard: every registered route is served). The device API checks who may
 * call it ({@link #access()}, the key and its scope), parses nothing but the path, and turns the handler's failures
 * into answers: an {@link ApiRouteException} gives its own answer, an update lock refusal 423, anything else 503. A
 * vendor bundle adds routes (say {@code /v2/vendor/...}) by registering them; one whose method and path another
 * route has already is not served (the first registered wins, and the conflict is logged).
 */
@ConsumerType
public interface ApiRoute {

    /** The HTTP method ({@code GET}, {@code POST}, ...). */
    String method();

    /** The path pattern; a segment {@code :name} is a parameter ({@link ApiCall#pathParam}). */
    String path();

    /** Who may call it. */
    Access access();

    /** Answers a call; may throw {@link ApiRouteException} for an answer of its own. */
    ApiResponse handle(ApiCall call) throws Exception;

    /** A route from its parts. */
    static ApiRoute of(String method, String path, Access access, Handler handler) {
        return new ApiRoute() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public Access access() {
                return access;
            }

            @Override
            public ApiResponse handle(ApiCall call) throws Exception {
                return handler.handle(call);
            }

            @Override
            public String toString() {
                return method + " " + path;
            }
        };
    }

    /** What answers a route's calls. */
    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiCall call) throws Exception;
    }
}
