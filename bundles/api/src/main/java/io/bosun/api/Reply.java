package io.bosun.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: a status and a body, either plain text, a JSON value, or a body streamed while it
 * happens.
 *
 * @param status the HTTP status
 * @param body a {@link String} for plain text, a {@link Streamed} to stream, anything else is written as JSON
 */
record Reply(int status, Object body) {

    static Reply text(int status, String body) {
        return new Reply(status, body);
    }

    static Reply json(int status, Object body) {
        return new Reply(status, body);
    }

    /** A body of the given content type, written by {@code body} after the status and headers are sent. */
    static Reply stream(int status, String contentType, StreamBody body) {
        return new Reply(status, new Streamed(contentType, body));
    }

    /** A streamed body and its content type. */
    record Streamed(String contentType, StreamBody body) {
    }

    /** balena's failure shape: {@code {"status":"failed","message":...}}. */
    static Reply failed(int status, String message) {
        return json(status, fields("status", "failed", "message", message));
    }

    /** A JSON object whose fields keep the order given (balena's answers start with {@code status}). */
    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** What a route answers while a service it needs is missing (e.g. during a hot update of its provider). */
    static Reply unavailable(String what) {
        return failed(503, what + " is not available right now");
    }

    boolean isText() {
        return body instanceof String;
    }

    boolean isStream() {
        return body instanceof Streamed;
    }
}
