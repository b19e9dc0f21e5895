package io.bosun.cloud;

import io.bosun.spi.cloud.CloudStatus;
import java.time.Instant;
import java.util.Optional;

/** Where the connection stands, written by the loops and read by {@code /v1/device}; never blocks. */
final class CloudState {
    private volatile boolean provisioned;
    private volatile boolean answered = true;
    private volatile boolean hostReachable = true;
    private volatile Instant lastPoll;
    private volatile Instant lastReport;
    private volatile String lastError = "";

    void provisioned(boolean value) {
        provisioned = value;
    }

    void polled(Instant at) {
        lastPoll = at;
        succeeded();
    }

    void reported(Instant at) {
        lastReport = at;
        succeeded();
    }

    void succeeded() {
        answered = true;
        lastError = "";
    }

    void failed(CloudException e) {
        answered = e.status() != 0;
        lastError = e.getMessage();
    }

    void hostReachable(boolean value) {
        hostReachable = value;
    }

    CloudStatus status() {
        return new CloudStatus(provisioned, answered && hostReachable, Optional.ofNullable(lastPoll),
                Optional.ofNullable(lastReport), lastError);
    }
}
