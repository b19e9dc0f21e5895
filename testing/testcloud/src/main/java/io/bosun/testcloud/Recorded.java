package io.bosun.testcloud;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One request as the test cloud received it.
 *
 * @param at      when its head arrived
 * @param method  the HTTP method
 * @param path    the request target as sent: path and query, still percent-encoded
 * @param headers the request headers, names in lower case (repeated headers joined with ", ")
 * @param body    the body after transfer and content decoding (gunzipped); for a log stream still open, what
 *                arrived so far is not shown: the body is filled in when the stream ends
 * @param status  the status the cloud answered, or 0 while no answer has been sent (an open log stream, a
 *                delayed answer) or when the client went away before one could be
 */
public record Recorded(Instant at, String method, String path, Map<String, String> headers, byte[] body,
        int status) {

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A request header (name in any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + (status == 0 ? "(no answer)" : Integer.toString(status));
    }
}
