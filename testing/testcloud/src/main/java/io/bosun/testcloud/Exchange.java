package io.bosun.testcloud;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request as a route sees it: its head, its body and who it claims to be. */
final class Exchange {
    private final RequestHead head;
    private final RequestBody body;

    Exchange(RequestHead head, RequestBody body) {
        this.head = head;
        this.body = body;
    }

    String method() {
        return head.method();
    }

    String path() {
        return head.path();
    }

    /** A request header (name in any case), or null. */
    String header(String name) {
        return head.header(name);
    }

    RequestBody body() {
        return body;
    }

    /** The query parameters, percent-decoded (a "+" is a space, as Express's parser reads it). */
    Map<String, String> query() {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : head.query().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(decode(name), decode(value));
        }
        return params;
    }

    /**
     * The API key the request carries: {@code Authorization: Bearer <key>}, or the {@code apikey} query
     * parameter openBalena also accepts; null when there is none.
     */
    String apiKey() {
        String authorization = head.header("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return query().get("apikey");
    }

    /** The body parsed as JSON; a body that is not JSON is the client's fault (400, as body-parser answers). */
    JsonNode json() throws IOException {
        byte[] bytes = body.readAll();
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new BadRequestException("empty JSON body");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequestException("body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a stray "%" is taken literally rather than failing the whole request
        }
    }

    /** The request itself is malformed: answered 400. */
    static final class BadRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequestException(String message) {
            super(message);
        }
    }
}
