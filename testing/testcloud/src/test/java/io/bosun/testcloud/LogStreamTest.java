package io.bosun.testcloud;

import static io.bosun.testcloud.CloudSetup.DEVICE_KEY;
import static io.bosun.testcloud.CloudSetup.UUID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

class LogStreamTest extends RegisteredDeviceTest {
    private static final String STREAM = "/device/v2/" + UUID + "/log-stream";

    @Test
    void syncFlushedLinesAreReadableBeforeTheStreamEndsWhichAnswers201() throws Exception {
        try (GzipStream stream = new GzipStream(DEVICE_KEY)) {
            cloud.awaitRequests("POST", STREAM, 1, Duration.ofSeconds(10));
            assertEquals(0, cloud.requests("POST", STREAM).get(0).status(), "recorded at once, not answered yet");

            stream.send("{\"message\":\"Supervisor starting\",\"timestamp\":1700000000000,\"isSystem\":true}\n");
            eventually(() -> cloud.logs(UUID).size() == 1);
            assertEquals("Supervisor starting", cloud.logs(UUID).get(0).get("message"));
            assertFalse(stream.answer.isDone(), "no answer while the stream is open");

            stream.send("{\"message\":\"hello\",\"timestamp\":1700000000001,\"isStdErr\":false,\"serviceId\":23}\n");
            eventually(() -> cloud.logs(UUID).size() == 2);
            assertEquals(23, cloud.logs(UUID).get(1).get("serviceId"));
            assertFalse(stream.answer.isDone());

            HttpResponse<String> answer = stream.end();
            assertEquals(201, answer.statusCode());
            assertEquals("", answer.body());
        }
        List<Map<String, Object>> logs = cloud.logs(UUID);
        assertEquals(2, logs.size());
        Recorded recorded = cloud.requests("POST", STREAM).get(0);
        assertEquals(201, recorded.status());
        assertEquals("application/x-ndjson", recorded.header("content-type"));
        assertEquals(2, recorded.bodyText().lines().count());
    }

    @Test
    void aStreamWithABadKeyIsRefused401AtOnceWithoutWaitingForItsBody() throws Exception {
        // A raw socket, because java.net.http reads no answer before it has sent the whole body.
        try (Socket socket = new Socket("127.0.0.1", cloud.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + STREAM + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + "notAKey\r\nContent-Type: application/x-ndjson\r\nContent-Encoding: gzip\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 401 Unauthorized\r\n"), answer);
            assertTrue(answer.contains("Connection: close\r\n"), answer);
        }
        assertEquals(401, cloud.requests("POST", STREAM).get(0).status());
        assertEquals(List.of(), cloud.logs(UUID));
    }

    @Test
    void eachStreamIsCountedAsARequest() throws Exception {
        for (int i = 0; i < 2; i++) {
            try (GzipStream stream = new GzipStream(DEVICE_KEY)) {
                stream.send("{\"message\":\"line " + i + "\",\"timestamp\":1,\"isSystem\":true}\n");
                assertEquals(201, stream.end().statusCode());
            }
        }
        cloud.awaitRequests("POST", STREAM, 2, Duration.ofSeconds(1));
        assertEquals(2, cloud.logs(UUID).size());
    }

    /** The terminating chunk after a gzip trailer once was left on the connection and broke its next request. */
    @Test
    void theLastChunkAfterTheGzipTrailerIsReadSoTheConnectionServesTheNextRequest() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("{\"message\":\"one\",\"timestamp\":1,\"isSystem\":true}\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] body = gzipped.toByteArray();
        String head = "POST " + STREAM + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + DEVICE_KEY
                + "\r\nContent-Type: application/x-ndjson\r\nContent-Encoding: gzip\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length) + "\r\n";
        try (Socket socket = new Socket("127.0.0.1", cloud.port())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            eventually(() -> cloud.logs(UUID).size() == 1); // the whole gzip member is in: only the framing is left
            out.write(("0\r\n\r\nGET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answers.startsWith("HTTP/1.1 201 "), answers);
            assertTrue(answers.contains("HTTP/1.1 200 "), "the second request was answered too: " + answers);
        }
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }

    /** A long-lived gzipped NDJSON upload, flushed with SYNC_FLUSH after each send, as the supervisor does. */
    private final class GzipStream implements AutoCloseable {
        private final SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final GZIPOutputStream gzip;
        final CompletableFuture<HttpResponse<String>> answer;

        GzipStream(String key) throws Exception {
            gzip = new GZIPOutputStream(pending, true);
            HttpRequest request = client.request(STREAM, key).header("Content-Type", "application/x-ndjson")
                    .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.fromPublisher(publisher))
                    .build();
            answer = client.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            // Items submitted before the client subscribes would be lost.
            eventually(() -> publisher.getNumberOfSubscribers() > 0);
        }

        void send(String lines) throws IOException {
            gzip.write(lines.getBytes(StandardCharsets.UTF_8));
            gzip.flush();
            submitPending();
        }

        HttpResponse<String> end() throws Exception {
            gzip.finish();
            submitPending();
            publisher.close();
            return answer.get(10, TimeUnit.SECONDS);
        }

        private void submitPending() {
            publisher.submit(ByteBuffer.wrap(pending.toByteArray()));
            pending.reset();
        }

        @Override
        public void close() {
            publisher.close();
        }
    }
}
