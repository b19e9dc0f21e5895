package io.bosun.cloud;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bosun.spi.logs.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipper against a real HTTP server on 127.0.0.1 that decodes the gzip NDJSON body as it arrives and answers
 * 201 when the body ends, as openBalena does.
 */
class LogShipperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "device-key-123";
    private static final Duration WAIT = Duration.ofSeconds(3);
    /** A buffer no test but the flood tests fills. */
    private static final int ROOMY_BUFFER = 256 * 1024;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    // --- what goes on the wire ---

    @Test
    void sendsSystemAndServiceLinesWithBalenasFieldsAndHeaders() throws Exception {
        LogServer server = server();
        LogShipper shipper = shipperTo(server, Duration.ofSeconds(10));
        Instant at = Instant.ofEpochMilli(1_700_000_000_123L);

        shipper.accept(new LogRecord(at, "Supervisor starting", true, false, null, null, null));
        shipper.accept(new LogRecord(at, "Failed to start service", true, true, null, null, null));
        shipper.accept(new LogRecord(at, "hello out", false, false, Optional.of(1L), Optional.of("main"),
                Optional.of(23L)));
        shipper.accept(new LogRecord(at, "hello err", false, true, Optional.of(1L), Optional.of("main"),
                Optional.of(23L)));

        assertEquals("{\"message\":\"Supervisor starting\",\"timestamp\":1700000000123,\"isSystem\":true}",
                server.nextRaw());
        assertEquals("{\"message\":\"Failed to start service\",\"timestamp\":1700000000123,\"isSystem\":true,"
                + "\"isStdErr\":true}", server.nextRaw());
        assertEquals("{\"message\":\"hello out\",\"timestamp\":1700000000123,\"isStdErr\":false,\"serviceId\":23}",
                server.nextRaw());
        assertEquals("{\"message\":\"hello err\",\"timestamp\":1700000000123,\"isStdErr\":true,\"serviceId\":23}",
                server.nextRaw());

        Headers headers = server.requests.get(0);
        assertEquals("Bearer " + KEY, headers.getFirst("Authorization"));
        assertEquals("application/x-ndjson", headers.getFirst("Content-Type"));
        assertEquals("gzip", headers.getFirst("Content-Encoding"));
        assertEquals("chunked", headers.getFirst("Transfer-Encoding"));
        assertEquals("POST /device/v2/uuid-1/log-stream", server.requestLines.get(0));
        // The server reads a line before the flush that wrote it returns and counts it as sent.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (shipper.sent() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(4, shipper.sent());
    }

    @Test
    void escapesAwkwardMessagesSoARealParserReadsThemBack() throws Exception {
        LogServer server = server();
        LogShipper shipper = shipperTo(server, Duration.ofSeconds(10));
        List<String> awkward = List.of("say \"hi\" \\o/ C:\\path\\", "two\nlines\r\nand\ttab",
                "bell\u0007 nul\u0000 esc\u001b unit\u001f del\u007f \b \f", "é 日本語 😀 \u2028 </script>",
                "{\"message\":\"fake\"}\n{", "");

        for (String message : awkward) {
            shipper.accept(new LogRecord(Instant.now(), message, true, false, null, null, null));
        }

        for (String message : awkward) {
            String raw = server.nextRaw();
            assertFalse(raw.chars().anyMatch(c -> c < 0x20), "raw control character on the wire: " + raw);
            assertEquals(message, JSON.readTree(raw).get("message").asText());
        }
    }

    @Test
    void linesArriveWhileTheStreamIsStillOpen() throws Exception {
        LogServer server = server();
        LogShipper shipper = shipperTo(server, Duration.ofSeconds(30));

        shipAndReceive(shipper, server, "first");
        shipAndReceive(shipper, server, "second");

        assertEquals(1, server.opened.get());
        assertEquals(0, server.ended.get(), "the lines must come through the sync flush, not the end of the body");
    }

    @Test
    void dropsServiceLinesWithoutAServiceId() throws Exception {
        LogServer server = server();
        LogShipper shipper = shipperTo(server, Duration.ofSeconds(10));

        shipper.accept(new LogRecord(Instant.now(), "orphan", false, false, Optional.of(1L), Optional.of("main"),
                Optional.empty()));
        shipper.accept(new LogRecord(Instant.now(), "filed", false, false, Optional.of(1L), Optional.of("main"),
                Optional.of(7L)));

        JsonNode line = server.next();
        assertEquals("filed", line.get("message").asText());
        assertEquals(7, line.get("serviceId").asLong());
        server.assertNothingMore(Duration.ofMillis(200));
    }

    @Test
    void cutsLongMessagesTo10000CharactersEndingWithTheOmissionMark() throws Exception {
        LogServer server = server();
        LogShipper shipper = shipperTo(server, Duration.ofSeconds(10));
        String longMessage = "0123456789".repeat(1_200);

        shipper.accept(LogRecord.system(longMessage, false));

        String message = server.next().get("message").asText();
        assertEquals(10_000, message.length());
        assertTrue(message.endsWith("[...]"));
        assertEquals(longMessage.substring(0, 9_995), message.substring(0, 9_995));
    }

    // --- load, idleness, failures ---

    @Test
    void boundsAFloodAndReportsTheExactSuppressedCountOnceTheServerIsReachable() throws Exception {
        LogServer server = server();
        AtomicReference<Optional<LogShipper.Destination>> where = new AtomicReference<>(
                Optional.of(new LogShipper.Destination(refusingUri(), KEY)));
        LogShipper shipper = shipper(where::get, timings(Duration.ofSeconds(10), 2_000));

        int flood = 200;
        for (int i = 0; i < flood; i++) {
            shipper.accept(LogRecord.system(String.format("flood line %03d", i), false));
        }
        long dropped = shipper.dropped();
        int kept = shipper.buffered();
        assertTrue(dropped > 0, "a flood into 2000 bytes must drop");
        assertEquals(flood, dropped + kept);

        where.set(server.destination());

        for (int i = 0; i < kept; i++) {
            assertEquals(String.format("flood line %03d", i), server.next().get("message").asText());
        }
        JsonNode warning = server.next();
        assertEquals("Warning: Suppressed " + dropped + " message(s) due to high load",
                warning.get("message").asText());
        assertTrue(warning.get("isSystem").asBoolean());
        assertTrue(warning.get("isStdErr").asBoolean());
        shipAndReceive(shipper, server, "after the flood");
        assertEquals(dropped, shipper.dropped());
    }

    @Test
    void aFullBufferRefusesWithoutBlockingTheCaller() throws Exception {
        Optional<LogShipper.Destination> nowhere = Optional.of(new LogShipper.Destination(refusingUri(), KEY));
        LogShipper shipper = shipper(() -> nowhere, timings(Duration.ofSeconds(10), 1_000));
        long begin = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            shipper.accept(LogRecord.system("line " + i, false));
        }
        assertTrue(System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(2), "accept() must not wait");
        assertTrue(shipper.dropped() > 19_000);
    }

    @Test
    void aBufferWithRoomAgainSendsTheSuppressionWarningBeforeTheNextLine() throws Exception {
        byte[] line = LogLine.encode(LogRecord.system("x".repeat(60), false)).orElseThrow();
        LogBuffer buffer = new LogBuffer(line.length * 3);
        for (int i = 0; i < 5; i++) {
            buffer.offer(line);
        }
        assertEquals(2, buffer.dropped());

        buffer.poll(0);
        buffer.poll(0); // room for the warning and one more line
        assertTrue(buffer.offer(LogLine.encode(LogRecord.system("back", false)).orElseThrow()));

        assertEquals(line.length, buffer.poll(0).length);
        JsonNode warning = JSON.readTree(buffer.poll(0));
        assertEquals("Warning: Suppressed 2 message(s) due to high load", warning.get("message").asText());
        assertTrue(warning.get("isStdErr").asBoolean());
        assertEquals("back", JSON.readTree(buffer.poll(0)).get("message").asText());
        assertNull(buffer.poll(0), "the count was reset: no second warning");
    }

    @Test
    void tearsAnIdleStreamDownWithA201AndOpensANewOneForTheNextRecord() throws Exception {
        LogServer server = server();
        LogShipper shipper = shipperTo(server, Duration.ofMillis(300));

        shipAndReceive(shipper, server, "before idling");
        server.awaitAnswered(1);
        assertEquals(1, server.ended.get(), "the server saw the body end");
        assertEquals(1, server.opened.get());

        shipAndReceive(shipper, server, "after idling");
        assertEquals(2, server.opened.get());
    }

    @Test
    void reconnectsWhenTheServerComesBack() throws Exception {
        int port = freePort();
        URI uri = URI.create("http://127.0.0.1:" + port + "/device/v2/uuid-1/log-stream");
        LogShipper shipper = shipper(() -> Optional.of(new LogShipper.Destination(uri, KEY)),
                timings(Duration.ofSeconds(10), ROOMY_BUFFER));

        shipper.accept(LogRecord.system("while down", false));
        Thread.sleep(300); // several refused attempts
        assertEquals(0, shipper.sent());
        LogServer server = server(port);
        shipper.accept(LogRecord.system("while up", false));

        assertEquals("while down", server.next().get("message").asText());
        assertEquals("while up", server.next().get("message").asText());
    }

    @Test
    void retriesAfterANon2xxAnswer() throws Exception {
        LogServer server = server();
        server.refuseNext.set(1);
        LogShipper shipper = shipperTo(server, Duration.ofMillis(200));

        shipper.accept(LogRecord.system("into the refused stream", false));
        server.awaitAnswered(1);
        shipper.accept(LogRecord.system("after the refusal", false));

        // The refused stream's line is lost (the server threw it away), as with balena; the next one is not.
        assertEquals("after the refusal", server.next().get("message").asText());
        assertEquals(2, server.opened.get());
    }

    @Test
    void withoutADestinationNothingIsSentNorBuffered() throws Exception {
        LogServer server = server();
        AtomicReference<Optional<LogShipper.Destination>> where = new AtomicReference<>(Optional.empty());
        LogShipper shipper = shipper(where::get, timings(Duration.ofSeconds(10), ROOMY_BUFFER));

        for (int i = 0; i < 10; i++) {
            shipper.accept(LogRecord.system("unmanaged " + i, false));
        }
        assertEquals(0, shipper.buffered());
        Thread.sleep(200);
        assertEquals(0, server.opened.get());

        where.set(server.destination());
        shipAndReceive(shipper, server, "managed");
        server.assertNothingMore(Duration.ofMillis(200));
        assertEquals(0, shipper.dropped());
    }

    // --- closing ---

    @Test
    void closeEndsTheStreamCleanlyAndIsIdempotent() throws Exception {
        LogServer server = server();
        LogShipper shipper = shipperTo(server, Duration.ofSeconds(30));
        shipAndReceive(shipper, server, "last words");

        shipper.close();
        shipper.close();

        server.awaitAnswered(1);
        assertEquals(1, server.ended.get());
        assertFalse(threadAlive(), "the shipping thread must be gone");
        shipper.accept(LogRecord.system("after close", false));
        server.assertNothingMore(Duration.ofMillis(200));
    }

    @Test
    void closeReturnsWithinTwoSecondsWhenTheServerIsDown() throws Exception {
        Optional<LogShipper.Destination> nowhere = Optional.of(new LogShipper.Destination(refusingUri(), KEY));
        LogShipper shipper = shipper(() -> nowhere, new LogShipper.Timings(Duration.ofMillis(20),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5), ROOMY_BUFFER));
        shipper.accept(LogRecord.system("nobody listens", false));
        Thread.sleep(100); // the thread is now in its backoff

        assertClosesInTime(shipper);
    }

    @Test
    void closeReturnsWithinTwoSecondsWhenTheServerNeverAnswers() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept()); // and never read nor answer
                }
            } catch (IOException e) {
                // closed by the test
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        cleanup.add(() -> {
            silent.close();
            for (Socket s : accepted) {
                s.close();
            }
        });
        URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/device/v2/uuid-1/log-stream");
        LogShipper shipper = shipper(() -> Optional.of(new LogShipper.Destination(uri, KEY)),
                timings(Duration.ofSeconds(10), ROOMY_BUFFER));
        shipper.accept(LogRecord.system("into the void", false));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (shipper.sent() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, shipper.sent(), "the line was written to the open stream");

        assertClosesInTime(shipper);
    }

    @Test
    void balenaTimingsAreBalenasValues() {
        LogShipper.Timings balena = LogShipper.Timings.balena();
        assertEquals(Duration.ofMillis(100), balena.flushEvery());
        assertEquals(Duration.ofSeconds(60), balena.idleTeardown());
        assertEquals(256 * 1024, balena.bufferBytes());
        assertEquals(Duration.ofSeconds(5), balena.backoff(0));
        assertEquals(Duration.ofSeconds(40), balena.backoff(3));
        assertEquals(Duration.ofMinutes(5), balena.backoff(7));
        assertEquals(Duration.ofMinutes(5), balena.backoff(1_000));
        assertEquals(URI.create("https://api.example.com/device/v2/abc/log-stream"),
                LogShipper.Destination.of("https://api.example.com/", "abc", KEY).logStream());
    }

    // --- helpers ---

    private static void assertClosesInTime(LogShipper shipper) throws InterruptedException {
        long begin = System.nanoTime();
        shipper.close();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        assertTrue(tookMs < 2_100, "close() took " + tookMs + " ms");
        Thread.sleep(100);
        assertFalse(threadAlive(), "the shipping thread must be gone");
    }

    private static boolean threadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(LogShipper.THREAD_NAME) && t.isAlive());
    }

    private static LogShipper.Timings timings(Duration idleTeardown, int bufferBytes) {
        return new LogShipper.Timings(Duration.ofMillis(20), idleTeardown, Duration.ofMillis(50),
                Duration.ofMillis(200), bufferBytes);
    }

    private LogShipper shipper(Supplier<Optional<LogShipper.Destination>> destination,
            LogShipper.Timings timings) {
        LogShipper shipper = new LogShipper(destination, timings);
        shipper.start();
        cleanup.add(shipper);
        return shipper;
    }

    /** A started shipper sending to {@code server}, with a buffer that does not fill. */
    private LogShipper shipperTo(LogServer server, Duration idleTeardown) {
        return shipper(server::destination, timings(idleTeardown, ROOMY_BUFFER));
    }

    /** Ships a system line and checks that it is the next line the server reads. */
    private static void shipAndReceive(LogShipper shipper, LogServer server, String message) throws Exception {
        shipper.accept(LogRecord.system(message, false));
        assertEquals(message, server.next().get("message").asText());
    }

    private LogServer server() throws IOException {
        return server(0);
    }

    private LogServer server(int port) throws IOException {
        LogServer server = new LogServer(port);
        cleanup.add(server);
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port nothing listens on: every connection is refused. */
    private static URI refusingUri() {
        try {
            return URI.create("http://127.0.0.1:" + freePort() + "/device/v2/uuid-1/log-stream");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** openBalena's log-stream endpoint as far as the shipper can tell: reads as it goes, 201 at the end. */
    private static final class LogServer implements AutoCloseable {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<Headers> requests = new CopyOnWriteArrayList<>();
        final List<String> requestLines = new CopyOnWriteArrayList<>();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        /** How many coming requests get a 500 straight away. */
        final AtomicInteger refuseNext = new AtomicInteger();
        private final HttpServer http;
        private final ExecutorService executor;

        LogServer(int port) throws IOException {
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "test-log-server");
                t.setDaemon(true);
                return t;
            });
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            http.setExecutor(executor);
            http.createContext("/device/v2/", this::handle);
            http.start();
        }

        Optional<LogShipper.Destination> destination() {
            return Optional.of(new LogShipper.Destination(URI.create("http://127.0.0.1:"
                    + http.getAddress().getPort() + "/device/v2/uuid-1/log-stream"), KEY));
        }

        private void handle(HttpExchange exchange) throws IOException {
            opened.incrementAndGet();
            requests.add(exchange.getRequestHeaders());
            requestLines.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            boolean refuse = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (refuse) {
                // As a server that rejects a stream does: answer at once, read nothing.
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                answered.incrementAndGet();
                return;
            }
            // Bytes, not a Reader: InputStreamReader trusts available(), which an inflater always answers with
            // 1, and would wait for a whole buffer of text instead of handing over each flushed line.
            try (InputStream body = new GZIPInputStream(exchange.getRequestBody())) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                byte[] chunk = new byte[8192];
                for (int n = body.read(chunk); n >= 0; n = body.read(chunk)) {
                    for (int i = 0; i < n; i++) {
                        if (chunk[i] != '\n') {
                            line.write(chunk[i]);
                            continue;
                        }
                        lines.add(line.toString(UTF_8));
                        line.reset();
                    }
                }
            }
            ended.incrementAndGet();
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
            answered.incrementAndGet();
        }

        String nextRaw() throws InterruptedException {
            String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(line, "no line reached the server");
            return line;
        }

        JsonNode next() throws Exception {
            return JSON.readTree(nextRaw());
        }

        void assertNothingMore(Duration during) throws InterruptedException {
            assertNull(lines.poll(during.toMillis(), TimeUnit.MILLISECONDS), "unexpected line");
        }

        void awaitAnswered(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (answered.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(answered.get() >= count, "the server answered " + answered.get() + " stream(s)");
        }

        @Override
        public void close() {
            http.stop(0);
            executor.shutdownNow();
        }
    }
}
