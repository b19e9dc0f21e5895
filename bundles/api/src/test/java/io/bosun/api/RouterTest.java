package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.Access;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router router = new Router(List.of(
            Route.of("GET", "/ping", false, () -> ApiResponse.text(200, "OK")),
            Route.of("POST", "/ping", false, () -> ApiResponse.text(201, "posted")),
            Route.of("GET", "/boom", true, () -> {
                throw new IllegalStateException("engine down");
            }),
            Route.of("POST", "/wait", Access.ANY_KEY, call -> {
                throw new InterruptedException("stopped while waiting");
            })));

    @Test
    void aKnownRouteAnswers() {
        assertEquals(ApiResponse.text(200, "OK"), router.answer("GET", "/ping"));
        assertEquals(ApiResponse.text(201, "posted"), router.answer("POST", "/ping"));
    }

    @Test
    void anUnknownPathAnswers404InBalenasFailureShape() {
        assertEquals(ApiResponse.json(404, Map.of("status", "failed", "message", "Not found: /nothing")),
                router.answer("GET", "/nothing"));
    }

    @Test
    void aWrongMethodAnswers405NamingTheAllowedOnes() {
        assertEquals(ApiResponse.json(405, Map.of("status", "failed",
                "message", "Method DELETE is not allowed on /ping; allowed: GET, POST")),
                router.answer("DELETE", "/ping"));
    }

    @Test
    void aHandlerFailureAnswers503WithItsMessage() {
        assertEquals(ApiResponse.json(503, Map.of("status", "failed", "message", "engine down")),
                router.answer("GET", "/boom"));
    }

    @Test
    void aRequestInterruptedWhileWaitingAnswers503AndKeepsItsInterrupt() {
        try {
            assertEquals(ApiResponse.failed(503, Router.STOPPING), router.answer("POST", "/wait"));
            assertTrue(Thread.currentThread().isInterrupted(), "the servlet clears it when the request ends");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void twoRoutesForTheSameMethodAndPathAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RouteTable(List.of(
                Route.of("GET", "/a", false, () -> ApiResponse.text(200, "1")),
                Route.of("GET", "/a", false, () -> ApiResponse.text(200, "2")))));
    }

    /** A vendor bundle's route is served; one that would take over a built-in route is not. */
    @Test
    void routesOfOtherBundlesAreServedAfterTheBuiltInOnes() {
        RouteTable table = new RouteTable(List.of(Route.of("GET", "/a", false, () -> ApiResponse.text(200, "1"))));
        Router router = new Router(table::routes, Router.Auth.OFF);
        io.bosun.spi.api.ApiRoute vendor = io.bosun.spi.api.ApiRoute.of("GET", "/v2/vendor/hello",
                io.bosun.spi.api.Access.ANY_KEY, call -> ApiResponse.text(200, "hello " + call.caller().global()));
        io.bosun.spi.api.ApiRoute takeover = io.bosun.spi.api.ApiRoute.of("GET", "/a",
                io.bosun.spi.api.Access.OPEN, call -> ApiResponse.text(200, "taken"));
        table.add(vendor);
        table.add(takeover);
        assertEquals(ApiResponse.text(200, "hello true"), router.answer("GET", "/v2/vendor/hello"));
        assertEquals(ApiResponse.text(200, "1"), router.answer("GET", "/a"));
        table.remove(vendor);
        assertEquals(404, router.answer("GET", "/v2/vendor/hello").status());
    }
}
