package io.bosun.cloud;

import io.bosun.support.host.HostFacts;
import java.time.Duration;

/**
 * The host's addresses for the state report, read again at most every {@code refresh} (balena's 30 s): listing
 * the interfaces is the dearest part of a report round, which runs every 10 s.
 */
final class HostAddresses {
    private final long refreshNanos;
    private HostFacts.Addresses last;
    private long readAt;

    HostAddresses(Duration refresh) {
        this.refreshNanos = refresh.toNanos();
    }

    synchronized HostFacts.Addresses now() {
        long t = System.nanoTime();
        if (last == null || t - readAt >= refreshNanos) {
            last = HostFacts.addresses();
            readAt = t;
        }
        return last;
    }
}
