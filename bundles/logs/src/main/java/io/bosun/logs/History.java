package io.bosun.logs;

import io.bosun.spi.logs.LogRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The latest records, oldest first, at most a fixed number: older ones make room. Guarded by its owner. */
final class History {
    private final int capacity;
    private final ArrayDeque<LogRecord> records;

    History(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.records = new ArrayDeque<>(capacity);
    }

    void add(LogRecord record) {
        if (records.size() == capacity) {
            records.pollFirst();
        }
        records.addLast(record);
    }

    /** The last {@code max} records (fewer if fewer are kept), oldest first. */
    List<LogRecord> latest(int max) {
        int count = Math.max(0, Math.min(max, records.size()));
        List<LogRecord> latest = new ArrayList<>(count);
        Iterator<LogRecord> oldestFirst = records.iterator();
        for (int skip = records.size() - count; skip > 0; skip--) {
            oldestFirst.next();
        }
        oldestFirst.forEachRemaining(latest::add);
        return List.copyOf(latest);
    }
}
