package io.bosun.api;

import java.util.function.Supplier;

/**
 * One endpoint: method, path pattern ({@code :name} segments are parameters), who may call it, and the handler
 * that answers it.
 */
record Route(String method, String path, Access access, Handler handler) {

    /** A route whose answer needs nothing of the request. */
    Route(String method, String path, boolean authenticated, Supplier<Reply> reply) {
        this(method, path, authenticated ? Access.ANY_KEY : Access.OPEN, call -> reply.get());
    }

    boolean authenticated() {
        return access != Access.OPEN;
    }

    /** Answers a call; may throw {@link ApiException} for an answer of its own, anything else is a 503. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Call call) throws Exception;
    }
}
