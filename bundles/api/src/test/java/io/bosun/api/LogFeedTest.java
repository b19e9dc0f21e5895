package io.bosun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import io.bosun.spi.logs.LogStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The hand-over between the stream's thread and the request's. */
class LogFeedTest {

    @Test
    void closingFreesAStreamThreadWaitingOnAFullFeedWithoutInterruptingIt() throws Exception {
        AtomicReference<LogSink> sink = new AtomicReference<>();
        LogStream stream = new LogStream() {
            @Override
            public AutoCloseable subscribe(LogSink subscriber) {
                sink.set(subscriber);
                return () -> { };
            }

            @Override
            public List<LogRecord> recent(int max) {
                return List.of();
            }
        };
        LogFeed feed = new LogFeed(stream, r -> true);
        Thread streamThread = new Thread(() -> {
            for (int i = 0; i <= LogFeed.CAPACITY; i++) {
                sink.get().accept(FakeLogStream.system("r" + i, i));
            }
        });
        streamThread.start();
        streamThread.join(300);
        assertTrue(streamThread.isAlive(), "the stream's thread waits while the client is slow");

        feed.close();

        streamThread.join(TimeUnit.SECONDS.toMillis(5));
        assertFalse(streamThread.isAlive(), "and is let go once the feed is closed");
    }

    @Test
    void onlyWantedRecordsAreKeptAndTheRepeatsOfTheHistoryAreSkipped() throws Exception {
        FakeLogStream stream = new FakeLogStream();
        LogRecord old = FakeLogStream.system("old", 1);
        LogRecord fresh = FakeLogStream.system("fresh", 2);
        stream.arriving.addAll(List.of(FakeLogStream.system("unwanted", 0), old, fresh, old));
        try (LogFeed feed = new LogFeed(stream, r -> !r.message().equals("unwanted"))) {
            feed.skipRepeatsOf(List.of(old));
            assertEquals(fresh, feed.next(10));
            assertEquals(old, feed.next(10), "after a new record, an equal one is a line of its own");
            assertNull(feed.next(10));
        }
        assertEquals(0, stream.open.get());
    }
}
