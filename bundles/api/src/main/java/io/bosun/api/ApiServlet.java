package io.bosun.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.health.HealthCheck;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    private final transient Router router;

    @Activate
    public ApiServlet() {
        DeviceApi api = new DeviceApi(() -> Optional.ofNullable(config),
                () -> healthChecks == null ? List.of() : healthChecks);
        this.router = new Router(api.routes());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        Reply reply = router.answer(request.getMethod(), path);
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

    /** Holder so that Jackson is loaded on the first JSON reply, not at activation. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
