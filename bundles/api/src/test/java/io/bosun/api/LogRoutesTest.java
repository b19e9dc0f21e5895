package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.ServiceIdentity;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code /v2/local/logs} and {@code /v2/journal-logs} as plain calls: what is written, to whom, and that a
 * stream lets go of its subscription however it ends.
 */
class LogRoutesTest {
    private static final Duration KEEP_ALIVE = Duration.ofMillis(50);
    private static final Duration LIMIT = Duration.ofSeconds(5);

    private final FakeLogStream logs = new FakeLogStream();
    private volatile LogStream current = logs;
    private ContainerEngine engine;
    private final Services services = new Services(Optional::empty, List::of, Optional::empty, Optional::empty,
            Optional::empty, Optional::empty, () -> Optional.ofNullable(engine), Optional::empty, Optional::empty,
            Optional::empty, () -> Optional.ofNullable(current));
    private final Router router = new Router(new LogRoutes(services, KEEP_ALIVE).routes(), AuthTest.ON);

    private static final LogRecord STARTING = FakeLogStream.system("Supervisor starting", 1_700_000_000);
    private static final LogRecord HELLO = FakeLogStream.service(111, "main", 23, "hello", 1_700_000_001);
    private static final LogRecord OTHER = FakeLogStream.service(222, "main", 24, "not yours", 1_700_000_002);
    private static final LogRecord AGAIN = FakeLogStream.service(111, "main", 23, "again", 1_700_000_003);

    private ApiResponse localLogs(String key) {
        return router.answer(new Request("GET", "/v2/local/logs", Map.of(), Map.of("authorization", "Bearer " + key),
                new byte[0]));
    }

    private ApiResponse journal(String key, String body) {
        return router.answer(new Request("POST", "/v2/journal-logs", Map.of(),
                Map.of("authorization", "Bearer " + key), body.getBytes(StandardCharsets.UTF_8)));
    }

    private ApiResponse journal(String body) {
        return journal(AuthTest.GLOBAL, body);
    }

    /** Runs a streamed answer to its end, which must be the client going away. */
    private static void untilTheClientGoes(ApiResponse reply, Client client) {
        assertTimeoutPreemptively(LIMIT, () -> assertThrows(IOException.class,
                () -> ((ApiResponse.Streamed) reply.body()).body().writeTo(client)));
    }

    /** Runs a streamed answer that ends by itself. */
    private static void toItsEnd(ApiResponse reply, Client client) {
        assertTimeoutPreemptively(LIMIT, () -> ((ApiResponse.Streamed) reply.body()).body().writeTo(client));
    }

    @Test
    void localLogsStartWithBalenasLineThenOneObjectPerRecordEachFlushed() {
        logs.arriving.addAll(List.of(STARTING, HELLO));
        ApiResponse reply = localLogs(AuthTest.GLOBAL);
        assertEquals(200, reply.status());
        assertEquals("application/x-ndjson", ((ApiResponse.Streamed) reply.body()).contentType());
        Client client = Client.leavingAfterLines(3);

        untilTheClientGoes(reply, client);

        assertEquals(List.of("{\"message\":\"Streaming logs\",\"isSystem\":true}",
                "{\"message\":\"Supervisor starting\",\"timestamp\":1700000000000,\"isSystem\":true,"
                        + "\"isStdErr\":false}",
                "{\"message\":\"hello\",\"timestamp\":1700000001000,\"isSystem\":false,\"isStdErr\":false,"
                        + "\"serviceName\":\"main\",\"serviceId\":23,\"appId\":111}"), client.lines());
        assertTrue(client.flushes() >= 3, "every line is flushed");
        assertEquals(0, logs.open.get(), "the subscription is released");
    }

    @Test
    void aMessageWithLineBreaksStaysOneLine() {
        LogRecord record = new LogRecord(Instant.ofEpochMilli(5), "two\nlines", true, true, null, null, null);
        assertEquals("{\"message\":\"two\\nlines\",\"timestamp\":5,\"isSystem\":true,\"isStdErr\":true}",
                LogLines.json(record));
        String prefix = "1970-01-01T00:00:00.005Z bosun: ";
        assertEquals(prefix + "two\n" + " ".repeat(prefix.length()) + "lines", LogLines.text(record),
                "the second line is indented under the first, as journalctl does");
    }

    @Test
    void aScopedKeySeesTheSupervisorsLinesAndItsOwnAppsOnly() {
        logs.arriving.addAll(List.of(STARTING, HELLO, OTHER, AGAIN));
        Client scoped = Client.leavingAfterLines(4);
        untilTheClientGoes(localLogs(AuthTest.SCOPED_111), scoped);
        assertEquals(List.of(LogLines.STREAMING, LogLines.json(STARTING), LogLines.json(HELLO), LogLines.json(AGAIN)),
                scoped.lines());

        Client global = Client.leavingAfterLines(5);
        untilTheClientGoes(localLogs(AuthTest.GLOBAL), global);
        assertEquals(List.of(LogLines.STREAMING, LogLines.json(STARTING), LogLines.json(HELLO), LogLines.json(OTHER),
                LogLines.json(AGAIN)), global.lines());
        assertEquals(0, logs.open.get());
    }

    @Test
    void localLogsNeedAKeyAndAnswer503WithoutALogStream() {
        assertEquals(401, router.answer(Request.of("GET", "/v2/local/logs")).status());
        current = null;
        assertEquals(ApiResponse.failed(503, "The log stream is not available right now"), localLogs(AuthTest.GLOBAL));
        assertEquals(0, logs.subscribed.get());
    }

    /** Streams hold server threads: past the bound the next one is refused, and a place frees when one ends. */
    @Test
    void atMostSoManyStreamsAreOpenAtOnce() {
        List<ApiResponse> open = new java.util.ArrayList<>();
        for (int i = 0; i < LogRoutes.MAX_STREAMS; i++) {
            ApiResponse reply = localLogs(AuthTest.GLOBAL);
            assertEquals(200, reply.status());
            open.add(reply);
        }
        ApiResponse refused = localLogs(AuthTest.GLOBAL);
        assertEquals(503, refused.status());
        assertEquals(503, journal("{}").status(), "journal streams share the bound");

        untilTheClientGoes(open.get(0), Client.leavingAfterBytes(1));
        assertEquals(200, localLogs(AuthTest.GLOBAL).status(), "a place is free again");
    }

    @Test
    void theSubscriptionIsReleasedWhenTheClientGoesInTheMiddleOfALine() {
        logs.arriving.addAll(List.of(STARTING, HELLO, AGAIN));
        Client client = Client.leavingAfterBytes(LogLines.STREAMING.length() + 1 + 10);

        untilTheClientGoes(localLogs(AuthTest.GLOBAL), client);

        assertEquals(1, logs.subscribed.get());
        assertEquals(0, logs.open.get());
    }

    @Test
    void aQuietStreamNoticesAClientThatLeftByItsKeepAlive() {
        Client client = Client.leavingAfterLines(1);

        untilTheClientGoes(localLogs(AuthTest.GLOBAL), client);

        assertEquals(List.of(LogLines.STREAMING), client.lines());
        assertEquals(0, logs.open.get());
    }

    @Test
    void aQuietStreamWritesEmptyLinesWhileTheClientStays() {
        Client client = Client.leavingAfterLines(3);
        untilTheClientGoes(localLogs(AuthTest.GLOBAL), client);
        assertEquals(List.of(LogLines.STREAMING, "", ""), client.lines());
    }

    @Test
    void aStreamEndsWhenItsLogStreamIsNoLongerTheDevices() {
        ApiResponse reply = localLogs(AuthTest.GLOBAL);
        current = new FakeLogStream();
        Client client = Client.staying();

        toItsEnd(reply, client);

        assertEquals(List.of(LogLines.STREAMING), client.lines());
        assertEquals(0, logs.open.get());
    }

    @Test
    void journalLogsNeedTheGlobalKey() {
        assertEquals(401, journal(AuthTest.SCOPED_111, "{}").status());
        assertEquals(200, journal(AuthTest.GLOBAL, "{}").status());
    }

    @Test
    void journalLogsWithoutFollowWriteTheLastMatchingRecordsAsTextAndEnd() {
        logs.history.addAll(List.of(STARTING, HELLO, OTHER, AGAIN));
        ApiResponse reply = journal("{\"count\":2}");
        assertEquals("text/plain;charset=utf-8", ((ApiResponse.Streamed) reply.body()).contentType());
        Client client = Client.staying();

        toItsEnd(reply, client);

        assertEquals(List.of("2023-11-14T22:13:22.000Z main: not yours", "2023-11-14T22:13:23.000Z main: again"),
                client.lines());
        assertEquals(0, logs.subscribed.get(), "no follow, no subscription");
    }

    @Test
    void journalLogsWithoutCountOrFollowWriteAllThatIsKept() {
        logs.history.addAll(List.of(STARTING, HELLO, OTHER, AGAIN));
        Client client = Client.staying();
        toItsEnd(journal(""), client);
        assertEquals(4, client.lines().size());
        assertEquals("2023-11-14T22:13:20.000Z bosun: Supervisor starting", client.lines().get(0));
    }

    @Test
    void journalLogsSelectByUnitAndTimeAndWriteJson() {
        logs.history.addAll(List.of(STARTING, HELLO, OTHER, AGAIN));

        Client bosun = Client.staying();
        toItsEnd(journal("{\"unit\":\"bosun\",\"format\":\"json\"}"), bosun);
        assertEquals(List.of(LogLines.json(STARTING)), bosun.lines());

        Client window = Client.staying();
        toItsEnd(journal("{\"unit\":\"main.service\",\"since\":1700000001,\"until\":\"2023-11-14T22:13:22Z\","
                + "\"format\":\"json\"}"), window);
        assertEquals(List.of(LogLines.json(HELLO), LogLines.json(OTHER)), window.lines());
    }

    @Test
    void journalLogsMapAContainerIdToItsServiceThroughTheEngine() {
        logs.history.addAll(List.of(STARTING, HELLO, OTHER, AGAIN));
        engine = engineWith(container("abcdef1234567890", 111, "main"), container("0123456789abcdef", 222, "main"));

        Client shortId = Client.staying();
        toItsEnd(journal("{\"containerId\":\"abcdef123456\"}"), shortId);
        assertEquals(List.of(LogLines.text(HELLO), LogLines.text(AGAIN)), shortId.lines());

        Client unknown = Client.staying();
        toItsEnd(journal("{\"containerId\":\"ffffffffffff\"}"), unknown);
        assertEquals(List.of(), unknown.lines());

        engine = null;
        assertEquals(503, journal("{\"containerId\":\"abcdef123456\"}").status());
    }

    @Test
    void followingWritesTheBacklogThenNewRecordsEachOnce() {
        // r2 and r3 arrive between the subscription and the read of the history: they are in both.
        List<LogRecord> records = IntStream.rangeClosed(1, 4)
                .mapToObj(i -> FakeLogStream.system("r" + i, 1_700_000_000 + i)).toList();
        logs.history.addAll(records.subList(0, 3));
        logs.arriving.addAll(records.subList(1, 4));
        Client client = Client.leavingAfterLines(4);

        untilTheClientGoes(journal("{\"follow\":true,\"format\":\"json\"}"), client);

        assertEquals(records.stream().map(LogLines::json).toList(), client.lines());
        assertEquals(0, logs.open.get());
    }

    @Test
    void followingWithoutCountStartsWithJournalctlsTenLines() {
        IntStream.range(0, 15).forEach(i -> logs.history.add(FakeLogStream.system("r" + i, 1_700_000_000 + i)));
        Client client = Client.leavingAfterLines(10);

        untilTheClientGoes(journal("{\"follow\":true}"), client);

        assertEquals(10, client.lines().size());
        assertTrue(client.lines().get(0).endsWith("bosun: r5"), client.lines().get(0));
        assertEquals(0, logs.open.get());
    }

    @Test
    void followingEndsOnceUntilHasPassed() {
        logs.history.add(STARTING);
        logs.arriving.add(HELLO);
        Client client = Client.staying();

        toItsEnd(journal("{\"follow\":true,\"until\":\"2023-11-14T22:13:20Z\"}"), client);

        assertEquals(List.of(LogLines.text(STARTING)), client.lines());
        assertEquals(0, logs.open.get());
    }

    @Test
    void aBadArgumentAnswers400NamingIt() {
        ApiResponse reply = journal("{\"since\":\"last tuesday\"}");
        assertEquals(ApiResponse.failed(400, "Invalid since \"last tuesday\": expected an ISO-8601 time "
                + "(e.g. 2024-05-01T12:00:00Z) or epoch seconds"), reply);
        assertEquals(400, journal("{\"format\":\"verbose\"}").status());
        assertEquals(400, journal("{\"count\":-1}").status());
        assertEquals(0, logs.subscribed.get());
    }

    private static ContainerView container(String id, long appId, String service) {
        return new ContainerView(id, service + "_1_1_c0ffee", new ServiceIdentity(appId, "uuid" + appId, service, 1,
                1, 1, "c0ffee"), "box", ServiceStatus.RUNNING, Instant.EPOCH,
                Fixtures.facts("box", Map.of(), List.of()), "");
    }

    /** An engine that only tells its current state: all the journal asks of it. */
    private static ContainerEngine engineWith(ContainerView... containers) {
        CurrentState state = new CurrentState(List.of(containers), List.of(), List.of(), List.of(), true);
        return (ContainerEngine) Proxy.newProxyInstance(LogRoutesTest.class.getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals("currentState")) {
                        return state;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
