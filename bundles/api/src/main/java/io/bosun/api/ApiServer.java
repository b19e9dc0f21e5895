package io.bosun.api;

import io.bosun.spi.api.ApiEndpoint;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.bundles.BundleUpdates;
import io.bosun.spi.cloud.CloudConnection;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.logs.LogStream;
import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.intake.TargetSelection;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.ReleaseRecords;
import io.bosun.spi.target.TargetStateCodec;
import io.bosun.spi.health.HealthCheck;
import io.bosun.api.http.Exchange;
import io.bosun.api.http.WireServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device API's HTTP server ({@link WireServer}), bound to the address the config bundle publishes
 * (docs/decisions.md says why neither Felix HTTP with Jetty nor the JDK's server). Every service the routes use is an
 * optional, dynamic, greedy reference, so that updating a provider never restarts the server: while one is missing,
 * the routes that need it answer 503.
 */
@Component(service = {}, configurationPid = ApiServer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ApiServer.Settings.class)
public final class ApiServer {
    /** The ConfigAdmin PID of the server's address. */
    static final String PID = "io.bosun.api";
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /**
     * Connections served at once, each on its thread; more are answered 503. A stream (logs, an action's progress)
     * holds its connection for as long as it runs, so this is well above what a device's clients open.
     */
    static final int MAX_CONNECTIONS = 128;
    /** The port the API took when asked for any: see {@link #listen}. */
    static final String ANY_PORT_TAKEN = "io.bosun.api.anyPortTaken";

    @ObjectClassDefinition(name = "Bosun device API",
            description = "Written at start by the config bundle from BOSUN_API_HOST and BOSUN_API_PORT.")
    @interface Settings {
        @AttributeDefinition(description = "The address the API binds (BOSUN_API_HOST)")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "The port; 0 for any free one (BOSUN_API_PORT)", min = "0",
                max = "65535")
        int port() default 48484;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SupervisorConfig config;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<HealthCheck> healthChecks;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Reconciler reconciler;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TargetIntake intake;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ReleaseRecords releases;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RecordStore records;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerEngine engine;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TargetStateCodec codec;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApiKeys keys;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UpdateLocks locks;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LogStream logs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CloudConnection cloud;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BundleUpdates bundles;

    private final RouteTable table;
    private final Router router;
    /**
     * The threads answering a request now (waiting for an action, or writing a stream), interrupted when the API
     * goes away (see {@link #stop}) so that no request outlives the API's bundle.
     */
    private final Set<Thread> busy = new HashSet<>();
    private Bound bound;

    public ApiServer() {
        Services services = new Services(() -> Optional.ofNullable(config),
                () -> healthChecks == null ? List.of() : healthChecks, () -> Optional.ofNullable(reconciler),
                () -> Optional.ofNullable(intake), () -> Optional.ofNullable(releases),
                () -> Optional.ofNullable(records), () -> Optional.ofNullable(engine), () -> Optional.ofNullable(codec),
                () -> Optional.ofNullable(keys), () -> Optional.ofNullable(locks),
                () -> Optional.ofNullable(logs), () -> Optional.ofNullable(cloud),
                () -> Optional.ofNullable(bundles), Services.PROVIDER_GRACE);
        this.table = new RouteTable(new DeviceApi(services).routes());
        this.router = new Router(table::routes, new Router.Auth() {
            /**
             * Off in local mode, as balena. Not known while the configuration or the device's targets are not
             * there (waited for a moment, as a bundle being replaced comes back): keyed routes then answer 503, so
             * that auth never turns on (nor off) because a provider is missing.
             */
            @Override
            public Optional<Boolean> enabled() {
                return Services.awaitPresent(this::enabledNow, Services.PROVIDER_GRACE);
            }

            private Optional<Boolean> enabledNow() {
                SupervisorConfig c = config;
                if (c == null) {
                    return Optional.empty();
                }
                DeviceIdentity device = c.device();
                if (device.unmanaged()) {
                    return Optional.of(false);
                }
                TargetIntake i = intake;
                TargetSelection selection = i == null ? null : i.selection();
                if (selection == null || !selection.known()) {
                    return Optional.empty();
                }
                return Optional.of(!selection.localMode());
            }

            @Override
            public String whyUnknown() {
                return config == null ? "The supervisor configuration" : "The device's stored targets";
            }

            @Override
            public Optional<ApiKeys> keys() {
                return Optional.ofNullable(keys);
            }
        });
    }

    /** Routes of other bundles, served under the same auth, scopes and error answers as the built-in ones. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoute(ApiRoute route) {
        table.add(route);
    }

    void removeRoute(ApiRoute route) {
        table.remove(route);
    }

    @Activate
    void start(BundleContext context, Settings settings) throws IOException {
        bound = bind(context, settings);
    }

    /**
     * A new address rebinds (the config bundle publishes the same one again when it is updated: that keeps the
     * server, and its open connections, as they are).
     */
    @Modified
    void modified(BundleContext context, Settings settings) throws IOException {
        if (bound.host().equals(settings.host()) && bound.port() == settings.port()) {
            return;
        }
        stop();
        bound = bind(context, settings);
    }

    @Deactivate
    void stop() {
        Bound was = bound;
        bound = null;
        if (was == null) {
            return;
        }
        was.endpoint().unregister();
        synchronized (busy) {
            busy.forEach(Thread::interrupt);
        }
        was.server().close();
    }

    /** The server and the endpoint service of one bound address. */
    private record Bound(String host, int port, WireServer server, ServiceRegistration<ApiEndpoint> endpoint) {
    }

    private Bound bind(BundleContext context, Settings settings) throws IOException {
        WireServer server;
        try {
            server = listen(settings);
        } catch (IOException e) {
            LOG.error("The device API cannot listen on {}:{}: {}", settings.host(), settings.port(), e.toString());
            throw e;
        }
        if (settings.port() == 0) {
            System.setProperty(ANY_PORT_TAKEN, Integer.toString(server.port()));
        }
        URI uri = URI.create("http://" + hostInUri(settings.host()) + ":" + server.port() + "/");
        ApiEndpoint endpoint = () -> uri;
        ServiceRegistration<ApiEndpoint> registration = context.registerService(ApiEndpoint.class, endpoint,
                new Hashtable<>(Map.of(ApiEndpoint.URI_PROPERTY, uri.toString())));
        LOG.info("The device API listens on {}", uri);
        return new Bound(settings.host(), settings.port(), server, registration);
    }

    /**
     * Port 0 asks for any free port once per process: a client that found the API there (the updater's gate, a
     * test, a tool given the port) still finds it after the API's bundle is updated. A system property outlives the
     * bundle's classes; if that port was taken meanwhile, any other.
     */
    private WireServer listen(Settings settings) throws IOException {
        String taken = System.getProperty(ANY_PORT_TAKEN);
        if (settings.port() == 0 && taken != null) {
            try {
                return listen(settings.host(), Integer.parseInt(taken));
            } catch (IOException | NumberFormatException e) {
                LOG.info("The device API's earlier port {} is not free ({}): another one", taken, e.toString());
            }
        }
        return listen(settings.host(), settings.port());
    }

    private WireServer listen(String host, int port) throws IOException {
        return WireServer.listen(new InetSocketAddress(host, port), this::serve, "bosun-api-", MAX_CONNECTIONS);
    }

    private static String hostInUri(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private void serve(Exchange exchange) {
        Thread thread = Thread.currentThread();
        synchronized (busy) {
            busy.add(thread);
        }
        try {
            answer(exchange);
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("A client went away before its answer: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("A request failed: {} {}", exchange.method(), exchange.rawPath(), e);
            answerFailed(exchange);
        } finally {
            synchronized (busy) {
                busy.remove(thread);
                // Under the lock, so an interrupt meant for this request cannot reach the server's next one.
                Thread.interrupted();
            }
        }
    }

    /** A 500 when nothing was sent yet; else the connection closes mid-answer, which the client sees. */
    private static void answerFailed(Exchange exchange) {
        if (exchange.status() != -1) {
            return;
        }
        try {
            exchange.setHeader("Content-Type", "text/plain;charset=utf-8");
            byte[] body = "Internal error".getBytes(StandardCharsets.UTF_8);
            exchange.sendHeaders(500, body.length);
            exchange.responseBody().write(body);
        } catch (IOException gone) {
            LOG.debug("A client went away before its 500: {}", gone.toString());
        }
    }

    private void answer(Exchange exchange) throws IOException {
        Request head = toRequest(exchange, new byte[0]);
        // Who may call, first: a caller without a key never makes the API read (and hold) a body.
        ApiResponse reply = router.refusal(head).orElse(null);
        long announced = contentLength(exchange);
        if (reply == null && announced > MAX_BODY) {
            reply = TOO_LARGE;
        }
        boolean bodyLeftUnread = reply != null;
        if (reply == null) {
            Optional<byte[]> body = readBody(exchange.requestBody(), MAX_BODY);
            bodyLeftUnread = body.isEmpty();
            reply = body.isPresent() ? router.answer(toRequest(exchange, body.get())) : TOO_LARGE;
        }
        if (bodyLeftUnread && exchange.hasBody()) {
            // The rest of the body is still on the connection: the client must not send its next request there.
            exchange.setHeader("Connection", "close");
        }
        if (reply.isStream()) {
            stream(reply.status(), (ApiResponse.Streamed) reply.body(), exchange);
            return;
        }
        byte[] body;
        if (reply.isText()) {
            exchange.setHeader("Content-Type", "text/plain;charset=utf-8");
            body = ((String) reply.body()).getBytes(StandardCharsets.UTF_8);
        } else {
            exchange.setHeader("Content-Type", "application/json");
            body = Json.MAPPER.writeValueAsBytes(reply.body());
        }
        boolean noBody = body.length == 0 || reply.status() == 204 || reply.status() == 304;
        // A HEAD request gets the length a GET would, and no body: the server leaves it out.
        exchange.sendHeaders(reply.status(), noBody ? -1 : body.length);
        if (!noBody) {
            exchange.responseBody().write(body);
        }
    }

    /** -1 when there is none (the server has refused a length that is no number before it gets here). */
    private static long contentLength(Exchange exchange) {
        List<String> values = exchange.requestHeaders().get("content-length");
        return values == null ? -1 : Long.parseLong(values.get(0));
    }

    /**
     * Sends the status and headers at once (chunked), so that the client has its answer before the first line,
     * then lets the body write until it has said all or the client goes. A client that goes is no failure: the
     * body has let go of what it held, and nobody is left to answer.
     */
    private static void stream(int status, ApiResponse.Streamed streamed, Exchange exchange) {
        exchange.setHeader("Content-Type", streamed.contentType());
        try {
            exchange.sendHeaders(status, 0);
        } catch (IOException gone) {
            // The body still runs (and fails at its first write): it owns what it must release.
            LOG.debug("A client of a streamed answer went away at once: {}", gone.toString());
        }
        try (OutputStream out = exchange.responseBody()) {
            streamed.body().writeTo(out);
        } catch (IOException e) {
            LOG.debug("A client of a streamed answer went away: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("A streamed answer failed", e);
        }
    }

    /**
     * The request with the given body (balena's limit is 10 MB; a target document is far smaller). Parameters
     * come from the query string only, as balena's: a form body is a body.
     */
    private static Request toRequest(Exchange exchange, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.requestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        // HEAD is GET without the body (RFC 9110 9.3.2), as balena's Express serves it: the server leaves the body out.
        String method = "HEAD".equals(exchange.method()) ? "GET" : exchange.method();
        return new Request(method, exchange.rawPath(), query(exchange.rawQuery()), headers, body);
    }

    static Map<String, List<String>> query(String queryString) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return query;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /**
     * The body, or empty when it is longer than {@code max}. A body sent without a Content-Length (chunked) is
     * only known to be too large once read past the limit: cut at the limit, it would be answered as another
     * (truncated) request.
     */
    static Optional<byte[]> readBody(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        return body.length > max ? Optional.empty() : Optional.of(body);
    }

    static final int MAX_BODY = 10 * 1024 * 1024;
    private static final ApiResponse TOO_LARGE = ApiResponse.failed(413, "The body is larger than " + MAX_BODY / (1024 * 1024)
            + " MB");
}
