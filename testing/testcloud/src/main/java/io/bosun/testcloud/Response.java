package io.bosun.testcloud;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One answer: status, headers and a complete body (the device API never streams an answer). */
final class Response {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;
    private boolean bodyLeftUnread;

    private Response(int status, String contentType, byte[] body) {
        this.status = status;
        this.body = body;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    /** No body at all, as openBalena answers a PATCH or a 304. */
    static Response empty(int status) {
        return new Response(status, null, new byte[0]);
    }

    /** A plain text body, as Express's {@code res.sendStatus} and {@code res.send(string)} give. */
    static Response text(int status, String text) {
        return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** Express's answer to {@code res.send("<text>")}: it calls any string HTML. */
    static Response html(int status, String text) {
        return new Response(status, "text/html; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static Response json(int status, byte[] json) {
        return new Response(status, "application/json; charset=utf-8", json);
    }

    /** Express's default text for a status (what {@code res.sendStatus(code)} sends). */
    static Response status(int status) {
        return text(status, HttpStatus.reason(status));
    }

    Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /**
     * Marks an answer given without reading the request body (as openBalena's auth middleware rejects a log
     * stream at once): the body is then not drained, which could take as long as the client streams, and the
     * connection is closed after the answer instead.
     */
    Response leavingBodyUnread() {
        bodyLeftUnread = true;
        return this;
    }

    boolean bodyLeftUnread() {
        return bodyLeftUnread;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }

    /** 1xx, 204 and 304 answers cannot carry a body, so they carry no Content-Length either (as Node sends them). */
    boolean bodyless() {
        return status < 200 || status == 204 || status == 304;
    }
}
