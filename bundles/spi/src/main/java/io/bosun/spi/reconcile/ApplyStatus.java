package io.bosun.spi.reconcile;

import java.util.Optional;

/**
 * The reconciler's state.
 *
 * @param applying whether an apply is in progress
 * @param failedAttempts failed attempts since the last success or new target
 * @param lastError the last failure's message, if the last attempt failed
 */
public record ApplyStatus(boolean applying, int failedAttempts, Optional<String> lastError) {
    public ApplyStatus {
        lastError = lastError == null ? Optional.empty() : lastError;
    }
}
