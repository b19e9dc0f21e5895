package io.bosun.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP request as the routes see it.
 *
 * @param query query parameters by exact name
 * @param headers headers by lower-case name
 * @param body the raw body (empty when none)
 */
record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
        byte[] body) {
    /** balena's key forms: {@code Authorization: Bearer <key>} or {@code ApiKey <key>}, any case of the scheme. */
    private static final Pattern AUTHORIZATION = Pattern.compile("^(?i:bearer|apikey)\\s+(\\w+)$");

    Request {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    static Request of(String method, String path) {
        return new Request(method, path, Map.of(), Map.of(), new byte[0]);
    }

    Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The key presented: {@code ?apikey=} (that exact name, as balena reads it) or the Authorization header. */
    Optional<String> apiKey() {
        Optional<String> fromQuery = queryParam("apikey");
        if (fromQuery.isPresent()) {
            return fromQuery;
        }
        String header = headers.get("authorization");
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = AUTHORIZATION.matcher(header.trim());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
