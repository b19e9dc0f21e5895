package io.bosun.spi.cloud;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the connection to the cloud stands. An unreachable cloud is shown here and in the logs, never as an
 * unhealthy supervisor: restarting the supervisor cures no outage.
 *
 * @param provisioned whether the device is registered (it has a device id and key)
 * @param reachable whether the cloud answered the last request, or the last connectivity check reached its host
 * @param lastPoll when a target was last fetched (a 200 or a 304)
 * @param lastReport when the current state was last reported
 * @param lastError the last failure of a cloud call, in words an operator reads; empty after a success
 */
public record CloudStatus(boolean provisioned, boolean reachable, Optional<Instant> lastPoll,
        Optional<Instant> lastReport, String lastError) {
    public CloudStatus {
        lastPoll = lastPoll == null ? Optional.empty() : lastPoll;
        lastReport = lastReport == null ? Optional.empty() : lastReport;
        Objects.requireNonNull(lastError, "lastError");
    }
}
