package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.itests.DeviceApiHttp.Answer;
import io.bosun.spi.api.Access;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiRouteException;
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

    /** Regression: HEAD of a GET route answered 405 (balena's Express serves it as GET without the body). */
    @Test
    void headOfPingAnswersAsGetWithoutTheBody() {
        Answer answer = api.send("HEAD", "/ping");
        assertEquals(200, answer.status());
        assertEquals("", answer.body());
        assertEquals("text/plain;charset=utf-8", answer.contentType());
        assertEquals("OK", api.get("/ping").body(), "the connection the HEAD left is fine for the next request");
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

    /**
     * The route whiteboard over HTTP: a route another bundle registers (a vendor's) is served with its path
     * parameters, its own answers and the API's error mapping, and goes when its service goes.
     */
    @Test
    void aRouteOfAnotherBundleIsServedUnderTheSameRulesAndGoesWithItsService() {
        ServiceRegistration<ApiRoute> echo = context.registerService(ApiRoute.class, ApiRoute.of("GET",
                "/v2/vendor/echo/:word", Access.ANY_KEY, call -> switch (call.pathParam("word")) {
                    case "teapot" -> throw new ApiRouteException(ApiResponse.failed(418, "I am a teapot"));
                    case "broken" -> throw new IllegalStateException("the vendor's part is away");
                    default -> ApiResponse.json(200, ApiResponse.fields("status", "success", "echo",
                            call.pathParam("word"), "global", call.caller().global()));
                }), null);
        try {
            assertAnswer(200, "{\"status\":\"success\",\"echo\":\"hello\",\"global\":true}",
                    api.get("/v2/vendor/echo/hello"));
            assertAnswer(418, "{\"status\":\"failed\",\"message\":\"I am a teapot\"}",
                    api.get("/v2/vendor/echo/teapot"));
            Answer broken = api.get("/v2/vendor/echo/broken");
            assertEquals(503, broken.status(), broken.body());
            assertTrue(broken.body().contains("the vendor's part is away"), broken.body());
            assertEquals(405, api.send("POST", "/v2/vendor/echo/hello").status());
        } finally {
            echo.unregister();
        }
        assertEquals(404, api.get("/v2/vendor/echo/hello").status(), "gone with its service");
    }

    private static void assertAnswer(int status, String body, Answer answer) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(body, answer.body());
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
