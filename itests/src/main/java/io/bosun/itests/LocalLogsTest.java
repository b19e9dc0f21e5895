package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * {@code GET /v2/local/logs} over HTTP on an unmanaged device (auth off): a service's output reaches the reader
 * as balena's NDJSON, and readers that hang up leave no subscriber behind (balena's listeners leak, spec §12).
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class LocalLogsTest {
    static final long APP = 7901;
    static final String UUID = "itestlogs7901";
    static final Duration SETTLE = Duration.ofSeconds(90);
    static final Duration LINE_WITHIN = Duration.ofSeconds(10);
    static final String FIRST_LINE = "{\"message\":\"Streaming logs\",\"isSystem\":true}";
    /** The logs bundle's name for the thread of each subscription: how the test sees subscribers come and go. */
    static final String READER_THREAD = "bosun-log-reader-";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    Reconciler reconciler;
    @InjectService(timeout = 10_000)
    TargetIntake intake;
    @InjectService(timeout = 10_000)
    ContainerEngine engine;
    @InjectService(timeout = 10_000)
    SupervisorConfig config;

    DeviceApiHttp api;
    /** Unique to this run, so that no line of an earlier run can pass for one of this run. */
    final String tick = "tick-" + System.nanoTime();

    @BeforeEach
    void up() throws Exception {
        api = DeviceApiHttp.of(context);
        Docker.clean(APP, UUID);
        Awaiting.until("the engine view is in step", () -> engine.currentState().synced());
        String script = "i=0; while true; do i=$((i+1)); echo " + tick + "-$i; sleep 0.2; done";
        Targets.offer(intake, Targets.app(config.device().uuid(), APP, UUID, "c0ffee", 1,
                List.of(Targets.service("ticker", 1, 11, Docker.image("box:1"), Map.of(),
                        Map.of("command", List.of("sh", "-c", script))))), ApplyOptions.DEFAULT);
        settle();
    }

    @AfterEach
    void down() throws Exception {
        Targets.offer(intake, Targets.empty(config.device().uuid()), ApplyOptions.DEFAULT);
        settle();
        Docker.clean(APP, UUID);
    }

    private void settle() throws Exception {
        try {
            reconciler.settled().toCompletableFuture().get(SETTLE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not settled within " + SETTLE + ": " + reconciler.status(), e);
        }
    }

    private boolean isTick(String line) {
        return line.contains("\"message\":\"" + tick + "-");
    }

    @Test
    void theStreamStartsWithBalenasLineThenCarriesTheServicesOutput() throws Exception {
        try (LogReader reader = LogReader.open(api)) {
            assertEquals(200, reader.status());
            assertTrue(reader.contentType().startsWith("application/x-ndjson"), reader.contentType());
            assertEquals(FIRST_LINE, reader.next(l -> true));

            String line = reader.next(this::isTick);

            assertTrue(line.contains("\"isSystem\":false"), line);
            assertTrue(line.contains("\"isStdErr\":false"), line);
            assertTrue(line.contains("\"serviceName\":\"ticker\""), line);
            assertTrue(line.contains("\"serviceId\":1"), line);
            assertTrue(line.contains("\"appId\":" + APP), line);
            assertTrue(line.matches(".*\"timestamp\":\\d{13},.*"), "epoch milliseconds: " + line);
        }
    }

    @Test
    void readersThatHangUpLeaveNoSubscriberBehind() throws Exception {
        long before = readerThreads();
        for (int i = 0; i < 20; i++) {
            try (LogReader reader = LogReader.open(api)) {
                assertEquals(FIRST_LINE, reader.next(l -> true));
                // A tick line shows the server subscribed for this reader.
                reader.next(this::isTick);
            }
        }
        // The next tick written to a reader that left fails, and its subscription is closed.
        Awaiting.until("every subscription of the readers that left is closed", Duration.ofSeconds(15),
                () -> readerThreads() <= before);
        DeviceApiHttp.Answer ping = api.get("/ping");
        assertEquals(200, ping.status());
        assertEquals("OK", ping.body());
    }

    @Test
    void journalLogsAnswerAServicesLastLinesFromTheLogStream() {
        String body = "{\"count\":5,\"unit\":\"ticker\"}";
        Awaiting.until("five ticks are kept", () -> api.send("POST", "/v2/journal-logs", body).body()
                .lines().filter(l -> l.contains(" ticker: " + tick + "-")).count() == 5);
        DeviceApiHttp.Answer text = api.send("POST", "/v2/journal-logs", body);
        assertEquals(200, text.status());
        assertTrue(text.contentType().startsWith("text/plain"), text.contentType());
        assertTrue(text.body().lines().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z ticker: " + tick + "-\\d+")),
                text.body());

        String shortId = Docker.inspect("ticker_11_1_c0ffee", "{{.Id}}").substring(0, 12);
        DeviceApiHttp.Answer json = api.send("POST", "/v2/journal-logs",
                "{\"count\":2,\"containerId\":\"" + shortId + "\",\"format\":\"json\"}");
        assertEquals(200, json.status());
        assertEquals(2, json.body().lines().filter(this::isTick).count(), json.body());

        DeviceApiHttp.Answer bad = api.send("POST", "/v2/journal-logs", "{\"since\":\"soon\"}");
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("Invalid since"), bad.body());
    }

    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(READER_THREAD)).count();
    }

    /**
     * One HTTP reader of the log stream. Lines are read on a thread of its own into a queue, so that the test
     * waits for a line with a bound; closing hangs up (the body stream closed before its end closes the
     * connection).
     */
    static final class LogReader implements AutoCloseable {
        private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();

        private final HttpResponse<Stream<String>> response;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private LogReader(HttpResponse<Stream<String>> response) {
            this.response = response;
            Thread thread = new Thread(this::read, "itest-log-reader");
            thread.setDaemon(true);
            thread.start();
        }

        static LogReader open(DeviceApiHttp api) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(api.base().resolve("v2/local/logs")).GET().build();
            return new LogReader(CLIENT.send(request, HttpResponse.BodyHandlers.ofLines()));
        }

        private void read() {
            try {
                Iterator<String> it = response.body().iterator();
                while (it.hasNext()) {
                    lines.add(it.next());
                }
            } catch (RuntimeException e) {
                // Hung up: the body ends with an error.
            }
        }

        int status() {
            return response.statusCode();
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        /** The next line that matches, skipping the others; fails after {@link #LINE_WITHIN}. */
        String next(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + LINE_WITHIN.toNanos();
            while (true) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no such line within " + LINE_WITHIN);
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        }

        @Override
        public void close() {
            response.body().close();
        }
    }
}
