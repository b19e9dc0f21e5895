package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The arguments of {@code POST /v2/journal-logs}, read as balena hands them to journalctl. */
class JournalQueryTest {

    private static JournalQuery parse(String json) throws Exception {
        return JournalQuery.parse(Json.MAPPER.readTree(json));
    }

    private static Optional<Instant> since(String jsonValue) throws Exception {
        return parse("{\"since\":" + jsonValue + "}").since();
    }

    @Test
    void anEmptyBodyAsksForEverythingKeptAsShortText() throws Exception {
        JournalQuery query = JournalQuery.parse(MissingNode.getInstance());
        assertEquals(new JournalQuery(false, OptionalInt.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), JournalQuery.Format.SHORT), query);
        assertEquals(Integer.MAX_VALUE, query.backlog());
        assertEquals(JournalQuery.Format.SHORT, parse("{\"format\":null,\"unit\":\"\",\"all\":true}").format());
    }

    @Test
    void followWithoutACountStartsWithTenLinesAsJournalctl() throws Exception {
        assertEquals(10, parse("{\"follow\":true}").backlog());
        assertEquals(3, parse("{\"follow\":true,\"count\":3}").backlog());
        assertEquals(0, parse("{\"count\":\"0\"}").backlog());
    }

    @Test
    void aCountIsAWholeNumber() {
        for (String bad : new String[] {"-1", "1.5", "\"ten\"", "true", "[]"}) {
            ApiRouteException e = assertThrows(ApiRouteException.class, () -> parse("{\"count\":" + bad + "}"), bad);
            assertEquals(400, e.response().status());
            assertTrue(e.getMessage().contains("Invalid count"), e.getMessage());
        }
    }

    @Test
    void timesAreIso8601OrEpochSeconds() throws Exception {
        Instant t = Instant.parse("2024-05-01T12:00:00Z");
        assertEquals(Optional.of(t), since("\"2024-05-01T12:00:00Z\""));
        assertEquals(Optional.of(t), since("\"2024-05-01T14:00:00+02:00\""));
        assertEquals(Optional.of(t), since(Long.toString(t.getEpochSecond())));
        assertEquals(Optional.of(t), since("\"" + t.getEpochSecond() + "\""));
        assertEquals(Optional.of(t), since("\"@" + t.getEpochSecond() + "\""));
        assertEquals(Optional.of(t.plusMillis(500)), since(t.getEpochSecond() + ".5"));
        Instant local = LocalDateTime.parse("2024-05-01T12:00:00").atZone(ZoneId.systemDefault()).toInstant();
        assertEquals(Optional.of(local), since("\"2024-05-01 12:00:00\""), "journalctl's form, in the device's zone");
        assertEquals(Optional.of(local.minusSeconds(12 * 3600)), since("\"2024-05-01\""));
        assertEquals(Optional.empty(), since("null"));
    }

    @Test
    void anUnreadableTimeIsA400NamingTheField() {
        for (String bad : new String[] {"\"yesterday\"", "\"2024-13-01T00:00:00Z\"", "\"12:00\"", "true"}) {
            ApiRouteException e = assertThrows(ApiRouteException.class, () -> parse("{\"until\":" + bad + "}"), bad);
            assertEquals(ApiResponse.failed(400, "Invalid until " + bad + ": expected an ISO-8601 time "
                    + "(e.g. 2024-05-01T12:00:00Z) or epoch seconds"), e.response());
        }
    }

    @Test
    void onlyShortAndJsonFormatsAreServed() throws Exception {
        assertEquals(JournalQuery.Format.JSON, parse("{\"format\":\"json\"}").format());
        assertEquals(JournalQuery.Format.SHORT, parse("{\"format\":\"SHORT\"}").format());
        ApiRouteException e = assertThrows(ApiRouteException.class, () -> parse("{\"format\":\"json-pretty\"}"));
        assertEquals(ApiResponse.failed(400, "Invalid format \"json-pretty\": expected short or json"), e.response());
    }

    @Test
    void aUnitIsAServiceOrTheSupervisor() throws Exception {
        JournalQuery main = parse("{\"unit\":\"main.service\"}");
        assertEquals(Optional.of("main"), main.unit());
        assertTrue(main.matches(FakeLogStream.service(1, "main", 1, "x", 0)));
        assertFalse(main.matches(FakeLogStream.service(1, "other", 2, "x", 0)));
        assertFalse(main.matches(FakeLogStream.system("x", 0)));
        for (String supervisor : new String[] {"bosun", "balena-supervisor", "balena-supervisor.service"}) {
            JournalQuery query = parse("{\"unit\":\"" + supervisor + "\"}");
            assertTrue(query.matches(FakeLogStream.system("x", 0)), supervisor);
            assertFalse(query.matches(FakeLogStream.service(1, "main", 1, "x", 0)), supervisor);
        }
    }

    @Test
    void theTimeWindowIsInclusive() throws Exception {
        JournalQuery query = parse("{\"since\":10,\"until\":20}");
        assertFalse(query.matches(FakeLogStream.system("x", 9)));
        assertTrue(query.matches(FakeLogStream.system("x", 10)));
        assertTrue(query.matches(FakeLogStream.system("x", 20)));
        assertFalse(query.matches(FakeLogStream.system("x", 21)));
    }
}
