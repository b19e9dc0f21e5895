package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.itests.DeviceApiHttp.Answer;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.health.HealthCheck;
import io.bosun.spi.health.HealthResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The device API's first endpoints over real HTTP, against the real runtime bundles. */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class DeviceApiTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    SupervisorConfig config;

    DeviceApiHttp api;

    @BeforeEach
    void findApi() {
        api = DeviceApiHttp.of(context);
    }

    @Test
    void pingAnswersOkWithoutAnyKey() {
        Answer answer = api.get("/ping");
        assertEquals(200, answer.status());
        assertEquals("OK", answer.body());
    }

    @Test
    void healthyAnswersOkWhenEveryCheckHolds() {
        ServiceRegistration<HealthCheck> fine = context.registerService(HealthCheck.class, check("fine", true), null);
        try {
            Answer answer = api.get("/v1/healthy");
            assertEquals(200, answer.status());
            assertEquals("OK", answer.body());
        } finally {
            fine.unregister();
        }
    }

    @Test
    void healthyAnswers500WhenAnyCheckFails() {
        ServiceRegistration<HealthCheck> fine = context.registerService(HealthCheck.class, check("fine", true), null);
        ServiceRegistration<HealthCheck> sick = context.registerService(HealthCheck.class, check("sick", false), null);
        try {
            Answer answer = api.get("/v1/healthy");
            assertEquals(500, answer.status());
            assertEquals("Unhealthy", answer.body());
        } finally {
            sick.unregister();
            fine.unregister();
        }
        assertEquals(200, api.get("/v1/healthy").status(), "healthy again once the failing check is gone");
    }

    @Test
    void healthyTreatsACheckThatThrowsAsUnhealthy() {
        HealthCheck throwing = new HealthCheck() {
            @Override
            public String name() {
                return "throwing";
            }

            @Override
            public HealthResult check() {
                throw new IllegalStateException("broken");
            }
        };
        ServiceRegistration<HealthCheck> registration = context.registerService(HealthCheck.class, throwing, null);
        try {
            assertEquals(500, api.get("/v1/healthy").status());
        } finally {
            registration.unregister();
        }
    }

    @Test
    void versionAnswersTheCompatibleVersionAsJson() {
        Answer answer = api.get("/v2/version");
        assertEquals(200, answer.status());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        assertTrue(answer.body().contains("\"status\":\"success\""), answer.body());
        assertTrue(answer.body().contains("\"version\":\"" + config.version() + "\""), answer.body());
        assertTrue(config.version().matches("19\\.0\\.5\\+bosun\\.\\d+\\.\\d+\\.\\d+"), config.version());
    }

    @Test
    void versionAnswers503WhileTheConfigurationProviderIsMissing() throws Exception {
        Bundle configBundle = bundle("io.bosun.config");
        configBundle.stop();
        try {
            Answer answer = api.get("/v2/version");
            assertEquals(503, answer.status());
            assertTrue(answer.body().contains("\"status\":\"failed\""), answer.body());
            assertEquals(200, api.get("/ping").status(), "the API itself stays up");
        } finally {
            configBundle.start();
        }
        Awaiting.until("version answers again", () -> api.get("/v2/version").status() == 200);
    }

    @Test
    void unknownPathsAndWrongMethodsAreAnsweredClearly() {
        Answer unknown = api.get("/v9/nothing");
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("Not found: /v9/nothing"), unknown.body());
        Answer wrongMethod = api.send("POST", "/ping");
        assertEquals(405, wrongMethod.status());
        assertTrue(wrongMethod.body().contains("allowed: GET"), wrongMethod.body());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static HealthCheck check(String name, boolean healthy) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthResult check() {
                return healthy ? HealthResult.HEALTHY : HealthResult.unhealthy(name + " is not well");
            }
        };
    }
}
