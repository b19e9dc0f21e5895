package io.bosun.api;

/** A route's own answer to a bad request, thrown from deep in a handler. */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Reply reply;

    ApiException(Reply reply) {
        super(String.valueOf(reply.body()));
        this.reply = reply;
    }

    Reply reply() {
        return reply;
    }
}
