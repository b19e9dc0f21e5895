package io.bosun.api;

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
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device API on the servlet whiteboard. Every service it uses is an optional, dynamic, greedy reference, so
 * that updating a provider never restarts the API: while one is missing, the routes that need it answer 503.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletName("bosun-device-api")
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

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

    private final transient RouteTable table;
    private final transient Router router;
    /**
     * The threads answering a request now (waiting for an action, or writing a stream), interrupted when the API
     * goes away (see {@link #destroy}) so that no request outlives the API's bundle.
     */
    private final transient Set<Thread> busy = new HashSet<>();

    @Activate
    public ApiServlet() {
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

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Thread thread = Thread.currentThread();
        synchronized (busy) {
            busy.add(thread);
        }
        try {
            answer(request, response);
        } finally {
            synchronized (busy) {
                busy.remove(thread);
                // Under the lock, so an interrupt meant for this request cannot reach the server's next one.
                Thread.interrupted();
            }
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Request head = toRequest(request, new byte[0]);
        // Who may call, first: a caller without a key never makes the API read (and hold) a body.
        ApiResponse reply = router.refusal(head).orElse(null);
        if (reply == null && request.getContentLengthLong() > MAX_BODY) {
            reply = TOO_LARGE;
        }
        boolean bodyLeftUnread = reply != null;
        if (reply == null) {
            Optional<byte[]> body = readBody(request.getInputStream(), MAX_BODY);
            bodyLeftUnread = body.isEmpty();
            reply = body.isPresent() ? router.answer(toRequest(request, body.get())) : TOO_LARGE;
        }
        response.setStatus(reply.status());
        if (bodyLeftUnread && hasBody(request)) {
            // The rest of the body is still on the connection: the client must not send its next request there.
            response.setHeader("Connection", "close");
        }
        if (reply.isStream()) {
            stream((ApiResponse.Streamed) reply.body(), response);
            return;
        }
        byte[] body;
        if (reply.isText()) {
            response.setContentType("text/plain;charset=utf-8");
            body = ((String) reply.body()).getBytes(StandardCharsets.UTF_8);
        } else {
            response.setContentType("application/json");
            body = Json.MAPPER.writeValueAsBytes(reply.body());
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /**
     * Sends the status and headers at once, so that the client has its answer before the first line, then lets
     * the body write until it has said all or the client goes. A client that goes is no failure: the body has let
     * go of what it held, and nobody is left to answer.
     */
    private void stream(ApiResponse.Streamed streamed, HttpServletResponse response) {
        response.setContentType(streamed.contentType());
        try {
            OutputStream out = response.getOutputStream();
            try {
                response.flushBuffer();
            } catch (IOException gone) {
                // The body still runs (and fails at its first write): it owns what it must release.
                LOG.debug("A client of a streamed answer went away at once: {}", gone.toString());
            }
            streamed.body().writeTo(out);
        } catch (IOException e) {
            LOG.debug("A client of a streamed answer went away: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("A streamed answer failed", e);
        }
    }

    /**
     * The API goes away (its bundle is updated or stopped): its streams end, with their subscriptions, and the
     * requests waiting for an action answer 503 (the action itself goes on in the reconciler).
     */
    @Override
    public void destroy() {
        synchronized (busy) {
            busy.forEach(Thread::interrupt);
        }
        super.destroy();
    }

    /**
     * The request with the given body (balena's limit is 10 MB; a target document is far smaller). Parameters
     * come from the query string only: the servlet's parameter map would also read (and consume) a form body.
     */
    private static Request toRequest(HttpServletRequest request, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        return new Request(request.getMethod(), request.getRequestURI(), query(request.getQueryString()), headers,
                body);
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
