package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import io.bosun.spi.health.HealthCheck;
import io.bosun.spi.health.HealthResult;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceApiTest {
    private SupervisorConfig config = new FixedConfig();
    private final List<HealthCheck> checks = new ArrayList<>();
    private final Router router = new Router(new DeviceApi(() -> Optional.ofNullable(config), () -> checks).routes());

    @Test
    void pingNeedsNoKeyAndAnswersOk() {
        assertEquals(ApiResponse.text(200, "OK"), router.answer("GET", "/ping"));
        assertFalse(route("/ping").access() != io.bosun.spi.api.Access.OPEN);
        assertFalse((route("/v1/healthy").access() != io.bosun.spi.api.Access.OPEN));
        assertTrue((route("/v2/version").access() != io.bosun.spi.api.Access.OPEN), "balena exempts only liveness and health from auth");
    }

    @Test
    void healthyWithoutChecksIsHealthy() {
        assertEquals(ApiResponse.text(200, "OK"), router.answer("GET", "/v1/healthy"));
    }

    @Test
    void healthyIsUnhealthyWhenOneCheckFailsOrThrows() {
        checks.add(check(() -> HealthResult.HEALTHY));
        checks.add(check(() -> HealthResult.unhealthy("poll is late")));
        assertEquals(ApiResponse.text(500, "Unhealthy"), router.answer("GET", "/v1/healthy"));
        checks.remove(1);
        checks.add(check(() -> {
            throw new IllegalStateException("broken");
        }));
        assertEquals(ApiResponse.text(500, "Unhealthy"), router.answer("GET", "/v1/healthy"));
    }

    @Test
    void versionAnswersTheConfiguredVersion() {
        assertEquals(ApiResponse.json(200, Map.of("status", "success", "version", "19.0.5+bosun.9.9.9")),
                router.answer("GET", "/v2/version"));
    }

    @Test
    void versionAnswers503WhileTheConfigurationIsMissing() {
        config = null;
        ApiResponse reply = router.answer("GET", "/v2/version");
        assertEquals(503, reply.status());
        assertEquals("failed", ((Map<?, ?>) reply.body()).get("status"));
    }

    private ApiRoute route(String path) {
        return router.routes().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }

    private static HealthCheck check(java.util.function.Supplier<HealthResult> result) {
        return new HealthCheck() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public HealthResult check() {
                return result.get();
            }
        };
    }

    private static final class FixedConfig implements SupervisorConfig {
        @Override
        public SupervisorSettings settings() {
            return new SupervisorSettings(Path.of("/data"), "127.0.0.1", 48484, Path.of("/data/config.json"),
                    URI.create("unix:///var/run/docker.sock"), Path.of("/tmp/balena-supervisor"));
        }

        @Override
        public DeviceIdentity device() {
            return new DeviceIdentity("uuid", Optional.empty(), null, null);
        }

        @Override
        public String version() {
            return "19.0.5+bosun.9.9.9";
        }
    }
}
