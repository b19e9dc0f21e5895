package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The engine's HTTP API as JSON. docker-java's zerodep transport carries the requests (unix socket or TCP,
 * pooled); the JSON is ours, so every field the engine returns is read as it is, with nothing lost to a typed
 * model. The API version is negotiated once: 1.41 (the oldest engine we support) or the engine's minimum, if
 * higher.
 *
 * <p>Streams (events, log follows, pulls) have a pool of their own. A follow holds its connection for the life
 * of its container, so with one shared pool a device with more containers than connections left no connection
 * for a request: every start and inspect waited the transport's three minutes for one.
 */
final class EngineHttp implements Closeable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String PINNED_API = "1.41";
    static final int REQUEST_CONNECTIONS = 32;
    /** Not a budget: a bound far above one follow per container, so that the pool never is what limits. */
    private static final int STREAM_CONNECTIONS = 100_000;

    private final DockerHttpClient client;
    private final DockerHttpClient streams;
    private final URI host;
    private volatile String prefix = "";

    EngineHttp(URI host) {
        this(host, REQUEST_CONNECTIONS);
    }

    EngineHttp(URI host, int requestConnections) {
        this.host = host;
        this.client = pool(host, requestConnections);
        this.streams = pool(host, STREAM_CONNECTIONS);
    }

    private static DockerHttpClient pool(URI host, int connections) {
        ZerodepDockerHttpClient.Builder builder = new ZerodepDockerHttpClient.Builder().dockerHost(host)
                .maxConnections(connections).connectionTimeout(Duration.ofSeconds(5));
        if ("unix".equals(host.getScheme())) {
            builder.sslConfig(() -> NoTlsContext.INSTANCE);
        }
        return builder.build();
    }

    URI host() {
        return host;
    }

    /** Asks the engine for its API versions and pins the one to speak; also a liveness check. */
    JsonNode negotiate() throws EngineException {
        JsonNode version = send("GET", "/version", null, Kind.OTHER);
        String max = version.path("ApiVersion").asText(PINNED_API);
        String min = version.path("MinAPIVersion").asText(PINNED_API);
        String chosen = compare(min, PINNED_API) > 0 ? min : compare(max, PINNED_API) < 0 ? max : PINNED_API;
        prefix = "/v" + chosen;
        return version;
    }

    JsonNode get(String path) throws EngineException {
        return send("GET", prefix + path, null, Kind.NOT_FOUND);
    }

    JsonNode get(String path, Kind notFound) throws EngineException {
        return send("GET", prefix + path, null, notFound);
    }

    JsonNode post(String path, Object body) throws EngineException {
        return send("POST", prefix + path, body, Kind.NOT_FOUND);
    }

    JsonNode post(String path, Object body, Kind notFound) throws EngineException {
        return send("POST", prefix + path, body, notFound);
    }

    JsonNode delete(String path) throws EngineException {
        return send("DELETE", prefix + path, null, Kind.NOT_FOUND);
    }

    /**
     * Opens a streaming response (events, pull progress, logs). The caller reads and closes it; closing aborts
     * the request.
     */
    DockerHttpClient.Response open(String method, String path, Map<String, String> headers, Kind notFound)
            throws EngineException {
        DockerHttpClient.Response response = execute(streams, method, prefix + path, null, headers);
        if (response.getStatusCode() >= 300) {
            try (response) {
                throw failure(response.getStatusCode(), readBody(response), notFound);
            }
        }
        return response;
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path, Object body, Kind notFound) throws EngineException {
        try (DockerHttpClient.Response response = execute(streams, method, path, body, Map.of())) {
            String text = readBody(response);
            int status = response.getStatusCode();
            if (status >= 300 && status != 304) {
                throw failure(status, text, notFound);
            }
            return text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
        } catch (IOException e) {
            throw new EngineException(Kind.OTHER, "the engine sent an unreadable answer to " + method + " " + path
                    + ": " + e.getMessage(), e);
        }
    }

    private DockerHttpClient.Response execute(DockerHttpClient pool, String method, String path, Object body,
            Map<String, String> headers) throws EngineException {
        try {
            DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder().method(method).path(path)
                    .putAllHeaders(headers);
            if (body != null) {
                request.putHeader("Content-Type", "application/json").bodyBytes(JSON.writeValueAsBytes(body));
            }
            return pool.execute(request.build());
        } catch (IOException | RuntimeException e) {
            // The transport wraps connection failures in unchecked exceptions.
            throw new EngineException(Kind.ENGINE_DOWN, "the engine at " + host + " does not answer: "
                    + rootMessage(e), e);
        }
    }

    private static String readBody(DockerHttpClient.Response response) throws EngineException {
        try (InputStream body = response.getBody()) {
            return body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException(Kind.ENGINE_DOWN, "the engine's answer broke off: " + e.getMessage(), e);
        }
    }

    static EngineException failure(int status, String body, Kind notFound) {
        String message = body;
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                message = node.get("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON: keep the text as the engine sent it.
        }
        return new EngineException(EngineErrors.kind(status, message, notFound), message.strip());
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int d = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        for (DockerHttpClient pool : new DockerHttpClient[] {streams, client}) {
            try {
                pool.close();
            } catch (IOException e) {
                // Closing sockets of an engine that went away: nothing to do.
            }
        }
    }
}
