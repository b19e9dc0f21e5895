package io.bosun.cloud;

import java.time.Duration;
import java.util.Optional;

/**
 * A cloud call that did not succeed: the cloud answered with an error status (then {@link #status()} is it), or
 * could not be reached in time (status 0).
 */
final class CloudException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Optional<Duration> retryAfter;

    CloudException(int status, String message, Optional<Duration> retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    static CloudException unreachable(String what, Exception cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new CloudException(0, what + ": the cloud could not be reached (" + reason + ")", Optional.empty());
    }

    /** The HTTP status, or 0 when there was no answer. */
    int status() {
        return status;
    }

    /** When the cloud asked to be called again ({@code Retry-After}), if it did. */
    Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** Whether the cloud refused the key (the device's or the provisioning key). */
    boolean refusedKey() {
        return status == 401 || status == 403;
    }
}
