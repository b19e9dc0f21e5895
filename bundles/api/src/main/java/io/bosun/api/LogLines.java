package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.bosun.spi.logs.LogRecord;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * How a log record is written on the wire: balena's NDJSON object (spec §8.2, with the local backend's
 * {@code serviceName}) or one journalctl-like text line.
 */
final class LogLines {
    /** balena's first line of {@code /v2/local/logs}, sent so that a client sees the answer before any log. */
    static final String STREAMING = json(ApiResponse.fields("message", "Streaming logs", "isSystem", true));

    /** Fixed width, to the millisecond as the JSON timestamp, in UTC like the rest of the API. */
    private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);
    /** The name the short format gives the supervisor's own lines. */
    static final String SYSTEM_NAME = "bosun";

    private LogLines() {
    }

    /** One JSON object, on one line: Jackson escapes the line breaks a message may hold. */
    static String json(LogRecord record) {
        Map<String, Object> fields = ApiResponse.fields("message", record.message(),
                "timestamp", record.timestamp().toEpochMilli(), "isSystem", record.system(),
                "isStdErr", record.stdErr());
        record.serviceName().ifPresent(name -> fields.put("serviceName", name));
        record.serviceId().ifPresent(id -> fields.put("serviceId", id));
        record.appId().ifPresent(id -> fields.put("appId", id));
        return json(fields);
    }

    /**
     * {@code <ISO time> <service or bosun>: <message>}; the further lines of a message are indented under its
     * first, as journalctl does, so that every line of the output starts a record or continues one.
     */
    static String text(LogRecord record) {
        String prefix = SHORT_TIME.format(record.timestamp()) + " "
                + record.serviceName().orElse(SYSTEM_NAME) + ": ";
        return prefix + record.message().replaceAll("\\R", "\n" + " ".repeat(prefix.length()));
    }

    private static String json(Map<String, Object> fields) {
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            // Strings, numbers and booleans only: cannot fail.
            throw new UncheckedIOException(e);
        }
    }
}
