package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.logs.LogRecord;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The body of {@code POST /v2/journal-logs}, which balena turns into journalctl arguments (spec §5.2), read for
 * Bosun's own log stream instead of the journal. {@code all} is accepted and has no effect: messages are never
 * shortened here.
 *
 * @param count the last n matching records ({@code -n})
 * @param unit a unit ({@code -u}): a service's name, or the supervisor's own lines (see {@link #SYSTEM_UNITS})
 * @param containerId a container ({@code -t}): its full id or a prefix such as the 12-character short id
 * @param since the earliest time ({@code -S}), inclusive
 * @param until the latest time ({@code -U}), inclusive
 */
record JournalQuery(boolean follow, OptionalInt count, Optional<String> unit, Optional<String> containerId,
        Optional<Instant> since, Optional<Instant> until, Format format) {

    /** The output formats ({@code -o}) served. */
    enum Format {
        /** {@code <ISO time> <service or bosun>: <message>}, journalctl's default. */
        SHORT,
        /** One JSON object a line, as {@code /v2/local/logs}. */
        JSON
    }

    /** journalctl shows this many lines before following when no count is given. */
    static final int FOLLOW_BACKLOG = 10;
    /** Units that name the supervisor: its system lines. */
    static final Set<String> SYSTEM_UNITS = Set.of(LogLines.SYSTEM_NAME, "balena-supervisor", "resin-supervisor");

    /** Reads the body; a field of the wrong kind is a 400 naming it. */
    static JournalQuery parse(JsonNode body) throws ApiRouteException {
        return new JournalQuery(body.path("follow").asBoolean(false), count(body.path("count")),
                text(body.path("unit")).map(u -> u.endsWith(".service") ? u.substring(0, u.length() - 8) : u),
                text(body.path("containerId")), time("since", body.path("since")), time("until", body.path("until")),
                format(body.path("format")));
    }

    /** How many of the kept records to write first: the count, else journalctl's defaults. */
    int backlog() {
        return count.orElse(follow ? FOLLOW_BACKLOG : Integer.MAX_VALUE);
    }

    /** Whether a record is in the time window and of the unit asked for (the container is matched apart). */
    boolean matches(LogRecord record) {
        if (since.isPresent() && record.timestamp().isBefore(since.get())
                || until.isPresent() && record.timestamp().isAfter(until.get())) {
            return false;
        }
        return unit.map(u -> SYSTEM_UNITS.contains(u) ? record.system()
                : !record.system() && record.serviceName().equals(Optional.of(u))).orElse(true);
    }

    private static OptionalInt count(JsonNode value) throws ApiRouteException {
        if (absent(value)) {
            return OptionalInt.empty();
        }
        String text = value.asText().trim();
        if (!(value.isIntegralNumber() || value.isTextual()) || !text.matches("\\d{1,18}")) {
            throw invalid("count", value, "a whole number of lines");
        }
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, Long.parseLong(text)));
    }

    private static Format format(JsonNode value) throws ApiRouteException {
        Optional<String> name = text(value);
        if (name.isEmpty()) {
            return Format.SHORT;
        }
        try {
            return Format.valueOf(name.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("format", value, "short or json");
        }
    }

    /**
     * A time as ISO-8601 (with a zone or offset; without one, or a date alone, in the device's zone, as
     * journalctl reads its times) or epoch seconds, as a number or a string, with or without journalctl's
     * {@code @}.
     */
    static Optional<Instant> time(String field, JsonNode value) throws ApiRouteException {
        if (absent(value)) {
            return Optional.empty();
        }
        String text = value.asText().trim();
        String seconds = text.startsWith("@") ? text.substring(1) : text;
        try {
            if (value.isNumber() || seconds.matches("-?\\d+(\\.\\d+)?")) {
                BigDecimal nanos = new BigDecimal(seconds).movePointRight(9);
                return Optional.of(Instant.EPOCH.plusNanos(nanos.longValueExact()));
            }
            return Optional.of(isoTime(text.replaceFirst(" ", "T")));
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw invalid(field, value, "an ISO-8601 time (e.g. 2024-05-01T12:00:00Z) or epoch seconds");
        }
    }

    private static Instant isoTime(String text) {
        if (!text.contains("T")) {
            return LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
        }
    }

    private static Optional<String> text(JsonNode value) {
        return absent(value) || value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText().trim());
    }

    private static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    private static ApiRouteException invalid(String field, JsonNode value, String expected) {
        return new ApiRouteException(ApiResponse.failed(400, "Invalid " + field + " " + value + ": expected " + expected));
    }
}
