package io.bosun.api;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.StateStore;
import io.bosun.spi.target.TargetStateCodec;
import io.bosun.spi.health.HealthCheck;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The device API on the servlet whiteboard. Every service it uses is an optional, dynamic, greedy reference, so
 * that updating a provider never restarts the API: while one is missing, the routes that need it answer 503.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletName("bosun-device-api")
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

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
    private volatile StateStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerEngine engine;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TargetStateCodec codec;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApiKeys keys;

    private final transient Router router;

    @Activate
    public ApiServlet() {
        Services services = new Services(() -> Optional.ofNullable(config),
                () -> healthChecks == null ? List.of() : healthChecks, () -> Optional.ofNullable(reconciler),
                () -> Optional.ofNullable(store), () -> Optional.ofNullable(engine), () -> Optional.ofNullable(codec),
                () -> Optional.ofNullable(keys));
        this.router = new Router(new DeviceApi(services).routes(), new Router.Auth() {
            /** Off on an unmanaged device (local mode), as balena; on while the configuration is unknown. */
            @Override
            public boolean enabled() {
                SupervisorConfig c = config;
                return c == null || !c.device().unmanaged();
            }

            @Override
            public Optional<ApiKeys> keys() {
                return Optional.ofNullable(keys);
            }

            /** Whether auth applies is not known without the configuration: fail closed, and say why. */
            @Override
            public Optional<Reply> unavailable() {
                return config == null ? Optional.of(Reply.unavailable("The supervisor configuration"))
                        : Optional.empty();
            }
        });
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Reply reply = router.answer(toRequest(request));
        response.setStatus(reply.status());
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

    /** The body is read whole (balena's limit is 10 MB; a target document is far smaller). */
    private static Request toRequest(HttpServletRequest request) throws IOException {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> query.put(k, List.of(v)));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY);
        return new Request(request.getMethod(), request.getRequestURI(), query, headers, body);
    }

    private static final int MAX_BODY = 10 * 1024 * 1024;
}
