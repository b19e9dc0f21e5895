package io.bosun.api;

import java.util.function.Supplier;

/**
 * One endpoint: method, exact path, and the handler that answers it.
 *
 * @param method the HTTP method
 * @param path the exact request path
 * @param authenticated whether the route needs an API key (balena exempts only liveness and health)
 * @param handler produces the reply
 */
record Route(String method, String path, boolean authenticated, Supplier<Reply> handler) {
}
