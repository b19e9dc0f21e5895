package io.bosun.itests;

import io.bosun.spi.api.ApiEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Talks to the device API of the framework the tests run in, on whatever port it was given. */
final class DeviceApiHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI base;

    private DeviceApiHttp(URI base) {
        this.base = base;
    }

    /** Finds the API through its endpoint service (the port is ephemeral in tests), waiting a while for it. */
    static DeviceApiHttp of(BundleContext context) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ServiceReference<ApiEndpoint> endpoint;
        while ((endpoint = context.getServiceReference(ApiEndpoint.class)) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no ApiEndpoint: the device API is not listening");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the device API", e);
            }
        }
        return new DeviceApiHttp(URI.create(String.valueOf(endpoint.getProperty(ApiEndpoint.URI_PROPERTY))));
    }

    URI base() {
        return base;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path.substring(1))).GET().timeout(TIMEOUT));
    }

    Answer send(String method, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path.substring(1)))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT));
    }

    /** A JSON request that may take as long as an action on containers (restart, purge). */
    Answer send(String method, String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path.substring(1))).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(120)));
    }

    /**
     * A request that announces a body of {@code contentLength} bytes and sends none of it: the answer to a body
     * refused on its length alone, read before any of it is sent (HttpClient cannot do this: with
     * {@code Expect: 100-continue}, Java 17's waits forever for a final answer that is not a 100).
     */
    Answer announceBody(String method, String path, long contentLength) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readAnswer(socket.getInputStream());
        } catch (IOException e) {
            return new Answer(-1, e.toString(), "");
        }
    }

    /** An HTTP/1.1 answer with a Content-Length body, as the API sends every answer that is not a stream. */
    private static Answer readAnswer(InputStream in) throws IOException {
        String status = line(in);
        String contentType = "";
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String name = header.substring(0, header.indexOf(':')).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(header.indexOf(':') + 1).trim();
            if (name.equals("content-type")) {
                contentType = value;
            } else if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(status.split(" ")[1]), body, contentType);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the answer ended early: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** A body of any type, as a jar upload sends it; may take as long as a health gate's check. */
    Answer send(String method, String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve(path.substring(1))).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(150)));
    }

    /** A body without a Content-Length (sent chunked), as a client that streams its body sends it. */
    Answer sendChunked(String method, String path, byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve(path.substring(1))).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .timeout(Duration.ofSeconds(30)));
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            return new Answer(-1, e.toString(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", "");
        }
    }

    /** The first string field of that name in a JSON text (an answer, config.json), as the tests read them. */
    static Optional<String> stringField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** An HTTP answer; status -1 when the connection failed. */
    record Answer(int status, String body, String contentType) {
    }
}
