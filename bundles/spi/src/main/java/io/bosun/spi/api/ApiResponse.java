package io.bosun.spi.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: a status and a body, which is plain text, a JSON value (maps, lists, strings, numbers,
 * booleans, null, records; written by the device API) or a body streamed while it happens.
 */
public final class ApiResponse {
    private final int status;
    private final Object body;

    private ApiResponse(int status, Object body) {
        this.status = status;
        this.body = body;
    }

    public static ApiResponse text(int status, String body) {
        return new ApiResponse(status, Objects.requireNonNull(body, "body"));
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, new Json(body));
    }

    /** A body of the given content type, written by {@code body} after the status and headers are sent. */
    public static ApiResponse stream(int status, String contentType, StreamBody body) {
        return new ApiResponse(status, new Streamed(contentType, body));
    }

    /** balena's failure shape: {@code {"status":"failed","message":...}}. */
    public static ApiResponse failed(int status, String message) {
        return json(status, fields("status", "failed", "message", message));
    }

    /** What a route answers while a service it needs is missing (e.g. during a hot update of its provider). */
    public static ApiResponse unavailable(String what) {
        return failed(503, what + " is not available right now");
    }

    /** A JSON object whose fields keep the order given (balena's answers start with {@code status}). */
    public static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    public int status() {
        return status;
    }

    /** The text of a plain-text answer, the value of a JSON one, the {@link Streamed} of a stream. */
    public Object body() {
        return body instanceof Json json ? json.value() : body;
    }

    public boolean isText() {
        return body instanceof String;
    }

    public boolean isStream() {
        return body instanceof Streamed;
    }

    /** A streamed body and its content type. */
    public record Streamed(String contentType, StreamBody body) {
    }

    /** A JSON value, told apart from text whatever it is (a JSON string is no plain-text answer). */
    private record Json(Object value) {
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiResponse r && r.status == status && Objects.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, body);
    }

    @Override
    public String toString() {
        return status + " " + body();
    }
}
