package io.bosun.testcloud;

import static io.bosun.testcloud.CloudSetup.DEVICE_KEY;
import static io.bosun.testcloud.CloudSetup.UUID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class FaultsTest extends RegisteredDeviceTest {
    @Test
    void failAnswersTheStatusForTheNextNMatchingRequestsOnly() throws Exception {
        cloud.fail("GET", "/device/v3/", 2, 500);
        assertEquals(200, client.get("/ping", null).statusCode(), "other requests are not affected");
        assertEquals(500, client.target(UUID, DEVICE_KEY, null).statusCode());
        assertEquals(500, client.target(UUID, DEVICE_KEY, null).statusCode());
        assertEquals(200, client.target(UUID, DEVICE_KEY, null).statusCode());
        List<Integer> statuses = cloud.requests("GET", "/device/v3/").stream().map(Recorded::status).toList();
        assertEquals(List.of(500, 500, 200), statuses);
    }

    @Test
    void aFailedReportIsNotKept() throws Exception {
        cloud.fail("PATCH", "/device/v3/state", 1, 503);
        String body = "{\"" + UUID + "\":{\"status\":\"Idle\"}}";
        assertEquals(503, client.json("PATCH", "/device/v3/state", DEVICE_KEY, body).statusCode());
        assertTrue(cloud.stateReports(UUID).isEmpty());
        assertEquals(body, cloud.requests("PATCH", "/device/v3/state").get(0).bodyText(), "but it is recorded");
        assertEquals(200, client.json("PATCH", "/device/v3/state", DEVICE_KEY, body).statusCode());
        assertEquals(1, cloud.stateReports(UUID).size());
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        cloud.rateLimit("*", "/device/v3/" + UUID, 1, 30);
        HttpResponse<String> limited = client.target(UUID, DEVICE_KEY, null);
        assertEquals(429, limited.statusCode());
        assertEquals("30", limited.headers().firstValue("retry-after").orElseThrow());
        assertEquals(200, client.target(UUID, DEVICE_KEY, null).statusCode());
    }

    @Test
    void delayAnswersLaterThanTheClientWaits() throws Exception {
        cloud.delay("GET", "/ping", 1, Duration.ofSeconds(3));
        HttpRequest impatient = client.request("/ping", null).timeout(Duration.ofMillis(300)).GET().build();
        long start = System.nanoTime();
        assertThrows(HttpTimeoutException.class, () -> client.send(impatient));
        assertTrue(System.nanoTime() - start < 2_500_000_000L);
        assertEquals(200, client.get("/ping", null).statusCode(), "only the next request was delayed");
    }

    @Test
    void dropMidBodyCutsTheAnswerSoTheClientGetsAnIOException() throws Exception {
        cloud.dropMidBody("GET", "/device/v3/", 1);
        IOException cut = assertThrows(IOException.class, () -> client.target(UUID, DEVICE_KEY, null));
        assertFalse(cut instanceof HttpTimeoutException, cut.toString());
        assertEquals(200, client.target(UUID, DEVICE_KEY, null).statusCode());

        cloud.dropMidBody("PATCH", "/device/v3/state", 1);
        assertThrows(IOException.class, () -> client.json("PATCH", "/device/v3/state", DEVICE_KEY,
                "{\"" + UUID + "\":{\"status\":\"Idle\"}}"));
        assertEquals(1, cloud.stateReports(UUID).size(), "the request took effect, only its answer was lost");
    }

    @Test
    void downRefusesConnectionsAndUpListensOnTheSamePortAgain() throws Exception {
        assertEquals(200, client.get("/ping", null).statusCode()); // leaves a kept-alive connection in the pool
        String endpoint = cloud.endpoint();
        cloud.down(true);
        assertFalse(cloud.isUp());

        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest ping = client.request("/ping", null).GET().build();
        IOException refused = assertThrows(IOException.class, () -> fresh.send(ping,
                HttpResponse.BodyHandlers.ofString()));
        assertTrue(refused instanceof ConnectException || refused.getCause() instanceof ConnectException,
                refused.toString());
        assertThrows(IOException.class, () -> client.get("/ping", null), "the kept-alive connection was cut too");

        cloud.down(false);
        assertTrue(cloud.isUp());
        assertEquals(endpoint, cloud.endpoint());
        assertEquals(200, fresh.send(ping, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, client.get("/ping", null).statusCode());
    }

    @Test
    void awaitRequestsWaitsForTheCountOrFailsNamingWhatWasSeen() throws Exception {
        Thread pinger = new Thread(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(100);
                    client.get("/ping", null);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        pinger.start();
        cloud.awaitRequests("GET", "/ping", 3, Duration.ofSeconds(10));
        pinger.join();

        AssertionError tooFew = assertThrows(AssertionError.class,
                () -> cloud.awaitRequests("GET", "/ping", 4, Duration.ofMillis(200)));
        assertTrue(tooFew.getMessage().contains("saw 3"), tooFew.getMessage());
        assertTrue(tooFew.getMessage().contains("GET /ping -> 200"), tooFew.getMessage());
        assertTrue(tooFew.getMessage().contains("POST /device/register -> 201"), tooFew.getMessage());
    }
}
