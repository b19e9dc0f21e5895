package io.bosun.logs;

import io.bosun.spi.logs.LogRecord;
import java.util.ArrayDeque;

/**
 * One reader's bounded queue. Putting a record in never waits: when the queue is full the oldest record goes
 * and is counted, so a slow reader costs the stream nothing and sees the newest lines. The count is handed to
 * the reader as one system record once it has caught up (the queue is empty), or, under a flood that never lets
 * it catch up, once it has taken a whole queue's worth since the first loss, so that it always learns of a gap
 * within a bounded number of records.
 */
final class Mailbox {
    private final int capacity;
    private final ArrayDeque<LogRecord> queue;
    /** Records lost since the last notice. */
    private long dropped;
    /** Records taken since the first loss not yet told. */
    private int takenSinceLoss;
    private boolean closed;

    Mailbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(capacity);
    }

    /** Queues a record, dropping the oldest when full; nothing once closed. */
    synchronized void offer(LogRecord record) {
        if (closed) {
            return;
        }
        if (queue.size() == capacity) {
            queue.pollFirst();
            dropped++;
        }
        queue.addLast(record);
        notifyAll();
    }

    /**
     * The next record for the reader, or the notice of records lost; waits while there is none.
     *
     * @return null once closed
     */
    synchronized LogRecord take() throws InterruptedException {
        while (!closed) {
            if (dropped > 0 && (queue.isEmpty() || takenSinceLoss >= capacity)) {
                LogRecord notice = notice(dropped);
                dropped = 0;
                takenSinceLoss = 0;
                return notice;
            }
            LogRecord next = queue.pollFirst();
            if (next != null) {
                if (dropped > 0) {
                    takenSinceLoss++;
                }
                return next;
            }
            wait();
        }
        return null;
    }

    /** Ends the mailbox: what it holds is let go, and {@link #take} returns null from now on. */
    synchronized void close() {
        closed = true;
        queue.clear();
        notifyAll();
    }

    static LogRecord notice(long dropped) {
        return LogRecord.system("Dropped " + dropped + (dropped == 1 ? " log line" : " log lines")
                + ": the reader fell behind", true);
    }
}
