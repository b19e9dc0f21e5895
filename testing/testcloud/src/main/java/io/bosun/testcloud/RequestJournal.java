package io.bosun.testcloud;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every request in order of arrival. A request is entered when its head arrives and completed when it is
 * answered, so a long-lived log stream shows up (and can be counted) while it is still open.
 */
final class RequestJournal {
    private final List<Entry> entries = new ArrayList<>();

    synchronized Entry begin(RequestHead head) {
        Entry entry = new Entry(Instant.now(), head);
        entries.add(entry);
        notifyAll();
        return entry;
    }

    synchronized List<Recorded> all() {
        return entries.stream().map(Entry::snapshot).collect(Collectors.toUnmodifiableList());
    }

    synchronized List<Recorded> matching(String method, String pathPrefix) {
        return entries.stream()
                .filter(e -> RequestMatch.matches(method, pathPrefix, e.head.method(), e.head.target()))
                .map(Entry::snapshot)
                .collect(Collectors.toUnmodifiableList());
    }

    /** Blocks until {@code count} matching requests arrived, else fails naming every request that did. */
    synchronized void await(String method, String pathPrefix, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matching(method, pathPrefix).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " request(s) " + RequestMatch.describe(method,
                        pathPrefix) + " within " + timeout + " but saw " + matching(method, pathPrefix).size()
                        + "; all requests: " + all());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + RequestMatch.describe(method,
                        pathPrefix), e);
            }
        }
    }

    private synchronized void completed() {
        notifyAll();
    }

    /** One journal line, filled in when the request is answered. */
    final class Entry {
        private final Instant at;
        private final RequestHead head;
        private byte[] body = new byte[0];
        private int status;

        private Entry(Instant at, RequestHead head) {
            this.at = at;
            this.head = head;
        }

        void complete(byte[] decodedBody, int answeredStatus) {
            synchronized (RequestJournal.this) {
                body = decodedBody;
                status = answeredStatus;
            }
            completed();
        }

        private Recorded snapshot() {
            Map<String, String> headers = head.headers();
            return new Recorded(at, head.method(), head.target(), headers, body.clone(), status);
        }
    }
}
