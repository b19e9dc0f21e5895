package io.bosun.cloud;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The connector's requests to the cloud: JSON over HTTP with the key as a bearer token, one timeout per request
 * ({@code SUPERVISOR_API_REQUEST_TIMEOUT}), no retry inside a call (the loops back off between calls, as balena).
 * The JDK's client is used because it speaks {@code PATCH}, which {@code HttpURLConnection} cannot.
 */
final class CloudHttp {
    /** A request's answer. */
    record Answer(int status, Map<String, java.util.List<String>> headers, byte[] body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean ok() {
            return status / 100 == 2;
        }

        /** balena reads {@code Retry-After} as whole seconds; an HTTP date is read as no value. */
        Optional<Duration> retryAfter() {
            return header("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,9}"))
                    .map(v -> Duration.ofSeconds(Long.parseLong(v)));
        }
    }

    /** A path of the cloud API: the endpoint may have a path of its own (a proxy's prefix), which is kept. */
    static URI at(String endpoint, String path) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return URI.create(base + path);
    }

    private final String userAgent;
    /**
     * Made at the first request, so that an unmanaged device, sending nothing, runs no selector thread at all (a
     * managed one's sleeps while idle: bosun-start's {@code jdk.internal.httpclient.selectorTimeout}).
     */
    private HttpClient client;

    CloudHttp(String userAgent) {
        this.userAgent = userAgent;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return client;
    }

    /**
     * Sends a request; a body is JSON.
     *
     * @throws CloudException (status 0) when there is no whole answer in time
     */
    Answer send(String what, String method, URI uri, String key, byte[] json, Duration timeout,
            Map<String, String> headers) throws CloudException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("User-Agent", userAgent)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(json));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw CloudException.unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CloudException.unreachable(what, e);
        }
    }

    /** Like {@link #send}, with an error status turned into a {@link CloudException} naming it. */
    Answer expectOk(String what, String method, URI uri, String key, byte[] json, Duration timeout)
            throws CloudException {
        Answer answer = send(what, method, uri, key, json, timeout, Map.of());
        if (!answer.ok()) {
            throw new CloudException(answer.status(), what + ": the cloud answered " + answer.status()
                    + excerpt(answer.text()), answer.retryAfter());
        }
        return answer;
    }

    private static String excerpt(String body) {
        String text = body.strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "";
        }
        return " (" + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + ")";
    }
}
