package io.bosun.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;

/** Talks to the device API of the framework the tests run in, on whatever port it was given. */
final class DeviceApiHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI base;

    private DeviceApiHttp(URI base) {
        this.base = base;
    }

    /** Finds the API through the HTTP runtime's endpoint property (the port is ephemeral in tests). */
    static DeviceApiHttp of(BundleContext context) {
        ServiceReference<HttpServiceRuntime> runtime = context.getServiceReference(HttpServiceRuntime.class);
        if (runtime == null) {
            throw new AssertionError("no HttpServiceRuntime: the HTTP server is not running");
        }
        Object endpoints = runtime.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String first = endpoints instanceof String[] array ? Arrays.stream(array).filter(e -> e.startsWith("http:"))
                .findFirst().orElseThrow() : String.valueOf(endpoints);
        return new DeviceApiHttp(URI.create(first.endsWith("/") ? first : first + "/"));
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

    /** An HTTP answer; status -1 when the connection failed. */
    record Answer(int status, String body, String contentType) {
    }
}
