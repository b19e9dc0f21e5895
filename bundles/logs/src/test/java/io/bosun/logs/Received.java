package io.bosun.logs;

import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A reader that keeps what it gets, and the tests' records. */
class Received implements LogSink {
    private final List<LogRecord> records = new ArrayList<>();

    static LogRecord line(int n) {
        return line("line " + n);
    }

    static LogRecord line(String message) {
        return new LogRecord(Instant.now(), message, false, false, Optional.of(7701L), Optional.of("main"),
                Optional.of(1L));
    }

    static List<LogRecord> lines(int from, int to) {
        List<LogRecord> lines = new ArrayList<>();
        for (int n = from; n < to; n++) {
            lines.add(line(n));
        }
        return lines;
    }

    @Override
    public synchronized void accept(LogRecord record) {
        records.add(record);
        notifyAll();
    }

    synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    synchronized List<String> messages() {
        return records.stream().map(LogRecord::message).toList();
    }

    /** Waits until {@code count} records are in (at most 10 s), and returns them. */
    List<LogRecord> await(int count) throws InterruptedException {
        return await(r -> r.size() >= count, "" + count + " records");
    }

    synchronized List<LogRecord> await(Predicate<List<LogRecord>> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.test(records)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not within 10 s: " + what + "; got " + messages());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(records);
    }
}
