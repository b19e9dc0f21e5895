package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The answers the new routes give before they touch any service: bad ids and out-of-scope keys, in balena's
 * words and forms (plain text for v1, JSON for v2), and 503 while a service they need is missing.
 */
class ServiceRoutesTest {
    private final Router router = new Router(new DeviceApi(Optional::empty, List::of).routes(), AuthTest.ON);

    private ApiResponse call(String method, String path, String key, String body) {
        return router.answer(new Request(method, path, Map.of(), Map.of("authorization", "Bearer " + key),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void v1ActionsAnswerABadIdAndAnotherAppInPlainText() {
        for (String action : List.of("stop", "start")) {
            assertEquals(ApiResponse.text(400, "Invalid app id"),
                    call("POST", "/v1/apps/abc/" + action, AuthTest.GLOBAL, "{}"));
            assertEquals(ApiResponse.text(401, "Unauthorized"),
                    call("POST", "/v1/apps/222/" + action, AuthTest.SCOPED_111, "{}"));
        }
    }

    @Test
    void v1ReadAnswersAMissingIdInTextAndAnotherAppInJson() {
        assertEquals(ApiResponse.text(400, "Missing app id"), call("GET", "/v1/apps/abc", AuthTest.GLOBAL, ""));
        assertEquals(ApiResponse.failed(401, "Application is not available"),
                call("GET", "/v1/apps/222", AuthTest.SCOPED_111, ""));
    }

    @Test
    void v2ServiceActionsAnswerABadIdAndAnotherAppInJson() {
        for (String action : List.of("restart-service", "stop-service", "start-service")) {
            assertEquals(ApiResponse.failed(400, "Invalid app id"),
                    call("POST", "/v2/applications/0/" + action, AuthTest.GLOBAL, "{}"));
            assertEquals(ApiResponse.failed(401, "Unauthorized"),
                    call("POST", "/v2/applications/222/" + action, AuthTest.SCOPED_111, "{\"serviceName\":\"a\"}"));
        }
    }

    @Test
    void theLegacyAppStateAnswersABadIdWithIt() {
        assertEquals(ApiResponse.failed(400, "Invalid application ID: x1"),
                call("GET", "/v2/applications/x1/state", AuthTest.GLOBAL, ""));
    }

    @Test
    void anUpdateNeedsTheGlobalKey() {
        assertEquals(401, call("POST", "/v1/update", AuthTest.SCOPED_111, "{}").status());
        assertEquals(503, call("POST", "/v1/update", AuthTest.GLOBAL, "{}").status(), "no reconciler here");
    }

    @Test
    void aRouteWhoseServiceIsMissingAnswers503NamingIt() {
        ApiResponse reply = call("POST", "/v1/apps/111/stop", AuthTest.SCOPED_111, "{}");
        assertEquals(ApiResponse.unavailable("The reconciler"), reply);
        assertEquals(503, call("GET", "/v1/device", AuthTest.GLOBAL, "").status());
        assertEquals(503, call("GET", "/v2/cleanup-volumes", AuthTest.GLOBAL, "").status());
        assertEquals(503, call("GET", "/v2/applications/state", AuthTest.GLOBAL, "").status());
    }
}
