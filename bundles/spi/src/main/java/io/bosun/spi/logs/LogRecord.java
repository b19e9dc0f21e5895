package io.bosun.spi.logs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One log line: a supervisor system message or a line a service printed.
 *
 * @param timestamp when it happened
 * @param message the text
 * @param system whether it is a supervisor system message
 * @param stdErr whether it went to stderr (or is an error message)
 * @param appId the app, for service lines
 * @param serviceName the service, for service lines
 * @param serviceId the service id, for service lines
 */
public record LogRecord(Instant timestamp, String message, boolean system, boolean stdErr, Optional<Long> appId,
        Optional<String> serviceName, Optional<Long> serviceId) {
    public LogRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(message, "message");
        appId = appId == null ? Optional.empty() : appId;
        serviceName = serviceName == null ? Optional.empty() : serviceName;
        serviceId = serviceId == null ? Optional.empty() : serviceId;
    }

    /** A supervisor system message. */
    public static LogRecord system(String message, boolean error) {
        return new LogRecord(Instant.now(), message, true, error, null, null, null);
    }
}
