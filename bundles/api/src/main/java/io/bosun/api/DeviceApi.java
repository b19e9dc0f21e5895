package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.health.HealthCheck;
import io.bosun.spi.health.HealthResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints of the device API, independent of the servlet container so that they are unit-tested as plain
 * calls. Services arrive through suppliers because their providers may come and go (hot updates).
 */
final class DeviceApi {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceApi.class);

    private final Services services;
    private final Supplier<Optional<SupervisorConfig>> config;
    private final Supplier<List<HealthCheck>> healthChecks;

    DeviceApi(Services services) {
        this.services = services;
        this.config = services.config();
        this.healthChecks = services.healthChecks();
    }

    /** The API with only a configuration and health checks (the other services absent). */
    DeviceApi(Supplier<Optional<SupervisorConfig>> config, Supplier<List<HealthCheck>> healthChecks) {
        this(new Services(config, healthChecks, Optional::empty, Optional::empty, Optional::empty, Optional::empty,
                Optional::empty, Optional::empty, Optional::empty, Optional::empty, Optional::empty));
    }

    List<ApiRoute> routes() {
        List<ApiRoute> routes = new ArrayList<>(List.of(
                Route.of("GET", "/ping", false, () -> ApiResponse.text(200, "OK")),
                Route.of("GET", "/v1/healthy", false, this::healthy),
                Route.of("GET", "/v2/version", true, this::version)));
        routes.addAll(new AppRoutes(services).routes());
        routes.addAll(new StateRoutes(services).routes());
        routes.addAll(new LocalTargetRoutes(services).routes());
        routes.addAll(new KeyRoutes(services).routes());
        routes.addAll(new LogRoutes(services).routes());
        routes.addAll(new ServiceRoutes(services).routes());
        routes.addAll(new AppStateRoutes(services).routes());
        routes.addAll(new DeviceRoutes(services).routes());
        routes.addAll(new VolumeRoutes(services).routes());
        routes.addAll(new TagRoutes(services).routes());
        return routes;
    }

    private ApiResponse healthy() {
        boolean healthy = true;
        for (HealthCheck check : healthChecks.get()) {
            HealthResult result;
            try {
                result = check.check();
            } catch (RuntimeException e) {
                result = HealthResult.unhealthy(e.toString());
            }
            if (!result.healthy()) {
                LOG.warn("Healthcheck failed: {}: {}", check.name(), result.reason());
                healthy = false;
            }
        }
        return healthy ? ApiResponse.text(200, "OK") : ApiResponse.text(500, "Unhealthy");
    }

    private ApiResponse version() {
        return config.get()
                .map(c -> ApiResponse.json(200, ApiResponse.fields("status", "success", "version", c.version())))
                .orElseGet(() -> ApiResponse.unavailable("The supervisor configuration"));
    }
}
