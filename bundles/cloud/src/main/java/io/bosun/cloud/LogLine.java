package io.bosun.cloud;

import io.bosun.support.json.JsonText;
import io.bosun.spi.logs.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * One record as a line of balena's cloud log stream: a JSON object and a newline, UTF-8. Written by hand rather
 * than with Jackson because every log line of the device passes through here and the shape is fixed and tiny.
 */
final class LogLine {
    /** balena cuts longer messages (the omission mark included) so one chatty line cannot hog the stream. */
    static final int MAX_MESSAGE_CHARS = 10_000;
    static final String OMISSION = "[...]";

    private LogLine() {
    }

    /**
     * The line for a record, or empty for a service line without a service id: the cloud files service lines by
     * id and balena drops those it cannot file.
     */
    static Optional<byte[]> encode(LogRecord record) {
        StringBuilder json = new StringBuilder(record.message().length() + 96);
        json.append("{\"message\":");
        JsonText.appendQuoted(json, truncate(record.message()));
        json.append(",\"timestamp\":").append(record.timestamp().toEpochMilli());
        if (record.system()) {
            json.append(",\"isSystem\":true");
            if (record.stdErr()) {
                json.append(",\"isStdErr\":true");
            }
        } else {
            if (record.serviceId().isEmpty()) {
                return Optional.empty();
            }
            json.append(",\"isStdErr\":").append(record.stdErr());
            json.append(",\"serviceId\":").append(record.serviceId().get().longValue());
        }
        json.append("}\n");
        return Optional.of(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The system line that owns up to the records a full buffer refused. */
    static byte[] suppressed(long count, Instant at) {
        String message = "Warning: Suppressed " + count + " message(s) due to high load";
        return encode(new LogRecord(at, message, true, true, null, null, null)).orElseThrow();
    }

    static String truncate(String message) {
        if (message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        int keep = MAX_MESSAGE_CHARS - OMISSION.length();
        // Never split a surrogate pair: half an emoji would become a '?' on the wire.
        if (Character.isHighSurrogate(message.charAt(keep - 1))) {
            keep--;
        }
        return message.substring(0, keep) + OMISSION;
    }
}
