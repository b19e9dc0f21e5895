package io.bosun.api;

import java.util.Map;

/**
 * What a route answers: a status and a body, either plain text or a JSON value.
 *
 * @param status the HTTP status
 * @param body a {@link String} for plain text, anything else is written as JSON
 */
record Reply(int status, Object body) {

    static Reply text(int status, String body) {
        return new Reply(status, body);
    }

    static Reply json(int status, Object body) {
        return new Reply(status, body);
    }

    /** balena's failure shape: {@code {"status":"failed","message":...}}. */
    static Reply failed(int status, String message) {
        return json(status, Map.of("status", "failed", "message", message));
    }

    /** What a route answers while a service it needs is missing (e.g. during a hot update of its provider). */
    static Reply unavailable(String what) {
        return failed(503, what + " is not available right now");
    }

    boolean isText() {
        return body instanceof String;
    }
}
