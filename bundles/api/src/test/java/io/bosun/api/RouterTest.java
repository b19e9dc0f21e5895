package io.bosun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router router = new Router(List.of(
            new Route("GET", "/ping", false, () -> Reply.text(200, "OK")),
            new Route("POST", "/ping", false, () -> Reply.text(201, "posted")),
            new Route("GET", "/boom", true, () -> {
                throw new IllegalStateException("engine down");
            }),
            new Route("POST", "/wait", Access.ANY_KEY, call -> {
                throw new InterruptedException("stopped while waiting");
            })));

    @Test
    void aKnownRouteAnswers() {
        assertEquals(Reply.text(200, "OK"), router.answer("GET", "/ping"));
        assertEquals(Reply.text(201, "posted"), router.answer("POST", "/ping"));
    }

    @Test
    void anUnknownPathAnswers404InBalenasFailureShape() {
        assertEquals(Reply.json(404, Map.of("status", "failed", "message", "Not found: /nothing")),
                router.answer("GET", "/nothing"));
    }

    @Test
    void aWrongMethodAnswers405NamingTheAllowedOnes() {
        assertEquals(Reply.json(405, Map.of("status", "failed",
                "message", "Method DELETE is not allowed on /ping; allowed: GET, POST")),
                router.answer("DELETE", "/ping"));
    }

    @Test
    void aHandlerFailureAnswers503WithItsMessage() {
        assertEquals(Reply.json(503, Map.of("status", "failed", "message", "engine down")),
                router.answer("GET", "/boom"));
    }

    @Test
    void aRequestInterruptedWhileWaitingAnswers503AndKeepsItsInterrupt() {
        try {
            assertEquals(Reply.failed(503, Router.STOPPING), router.answer("POST", "/wait"));
            assertTrue(Thread.currentThread().isInterrupted(), "the servlet clears it when the request ends");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void twoRoutesForTheSameMethodAndPathAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Router(List.of(
                new Route("GET", "/a", false, () -> Reply.text(200, "1")),
                new Route("GET", "/a", false, () -> Reply.text(200, "2")))));
    }
}
