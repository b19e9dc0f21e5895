package io.bosun.logs;

import static io.bosun.logs.Received.line;
import static io.bosun.logs.Received.lines;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stream without OSGi: fan-out, order, slow readers, closing, history. */
class LogHubTest {
    final LogHub hub = new LogHub(1_000, 1_000);

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void aReaderGetsEveryRecordInOrderAndTheHistoryKeepsThem() throws InterruptedException {
        Received reader = new Received();
        hub.subscribe(reader);
        List<LogRecord> sent = lines(0, 500);
        sent.forEach(hub::accept);

        assertEquals(sent, reader.await(500));
        assertEquals(sent, hub.recent(500));
    }

    @Test
    void twoReadersGetEverythingInTheOneOrderOfTheStreamWhateverThreadsSend() throws InterruptedException {
        Received one = new Received();
        Received two = new Received();
        hub.subscribe(one);
        hub.subscribe(two);
        List<Thread> senders = IntStream.range(0, 4).mapToObj(s -> new Thread(() -> {
            for (int n = 0; n < 200; n++) {
                hub.accept(line(s + "-" + n));
            }
        })).toList();
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join();
        }

        List<LogRecord> stream = hub.recent(800);
        assertEquals(800, stream.size());
        assertEquals(stream, one.await(800));
        assertEquals(stream, two.await(800));
        for (int s = 0; s < 4; s++) {
            String prefix = s + "-";
            List<String> fromOne = stream.stream().map(LogRecord::message).filter(m -> m.startsWith(prefix)).toList();
            assertEquals(IntStream.range(0, 200).mapToObj(n -> prefix + n).toList(), fromOne, "one sender's order");
        }
    }

    @Test
    void aSlowReaderSlowsNeitherSendersNorOthersLosesItsOldestAndIsToldHowMany() throws Exception {
        LogHub small = new LogHub(1_000, 100);
        CountDownLatch inAccept = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Received slow = new Received() {
            @Override
            public void accept(LogRecord record) {
                super.accept(record);
                inAccept.countDown();
                hold(release);
            }
        };
        Received fast = new Received();
        try {
            small.subscribe(slow);
            small.subscribe(fast);
            small.accept(line(0));
            assertTrue(inAccept.await(10, TimeUnit.SECONDS), "the slow reader is stuck in its first record");

            // 350 more while it is stuck: 100 fit its queue, the 250 oldest of them are lost. Each is sent once
            // the other reader has the one before, so that it keeps up and must lose nothing.
            long sending = 0;
            for (int n = 1; n <= 350; n++) {
                long before = System.nanoTime();
                small.accept(line(n));
                sending += System.nanoTime() - before;
                fast.await(n + 1);
            }
            assertTrue(sending < Duration.ofSeconds(1).toNanos(), "a stuck reader holds no sender up: " + sending);
            assertEquals(small.recent(351), fast.records(), "the other reader got everything meanwhile");

            release.countDown();
            List<String> got = slow.await(102).stream().map(LogRecord::message).toList();
            List<String> expected = new ArrayList<>(List.of("line 0"));
            IntStream.range(251, 351).forEach(n -> expected.add("line " + n));
            expected.add("Dropped 250 log lines: the reader fell behind");
            assertEquals(expected, got);
            LogRecord notice = slow.records().get(101);
            assertTrue(notice.system() && notice.stdErr(), "a system record");

            small.accept(line("after"));
            assertEquals("after", slow.await(103).get(102).message(), "and goes on normally");
        } finally {
            release.countDown();
            small.close();
        }
    }

    @Test
    void closingASubscriptionEndsItsThreadAndItGetsNothingMore() throws Exception {
        Received reader = new Received();
        Subscription subscription = (Subscription) hub.subscribe(reader);
        Thread thread = subscription.thread();
        hub.accept(line(0));
        reader.await(1);

        subscription.close();
        assertFalse(thread.isAlive(), "its thread ended");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(thread.getName())));
        assertEquals(0, hub.subscriptions(), "the stream let go of it");
        Received witness = new Received();
        hub.subscribe(witness);
        hub.accept(line(1));
        // The witness got line 1, so it was handed out; the closed reader's thread had ended before.
        witness.await(got -> got.stream().anyMatch(r -> r.message().equals("line 1")), "line 1 handed out");
        assertEquals(List.of("line 0"), reader.messages());
        assertDoesNotThrow(subscription::close, "closing twice is no error");
    }

    @Test
    void closingEndsAReaderStuckInAccept() throws Exception {
        CountDownLatch inAccept = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        LogSink stuck = record -> {
            calls.incrementAndGet();
            inAccept.countDown();
            hold(new CountDownLatch(1));
        };
        Subscription subscription = (Subscription) hub.subscribe(stuck);
        hub.accept(line(0));
        hub.accept(line(1));
        assertTrue(inAccept.await(10, TimeUnit.SECONDS));

        assertTimeoutPreemptively(Duration.ofSeconds(1), subscription::close, "interrupted, not waited for");
        assertFalse(subscription.thread().isAlive());
        assertEquals(1, calls.get(), "the queued record was not handed over after closing");
    }

    @Test
    void aReaderMayCloseItsOwnSubscriptionFromAccept() throws Exception {
        AtomicReference<AutoCloseable> self = new AtomicReference<>();
        Received reader = new Received() {
            @Override
            public void accept(LogRecord record) {
                super.accept(record);
                if (record.message().equals("line 1")) {
                    assertDoesNotThrow(() -> self.get().close());
                }
            }
        };
        Subscription subscription = (Subscription) hub.subscribe(reader);
        self.set(subscription);
        lines(0, 5).forEach(hub::accept);

        subscription.thread().join(10_000);
        assertFalse(subscription.thread().isAlive());
        assertEquals(List.of("line 0", "line 1"), reader.messages());
    }

    @Test
    void aFailingReaderLosesOnlyTheRecordItFailedOn() throws InterruptedException {
        Received reader = new Received() {
            @Override
            public void accept(LogRecord record) {
                super.accept(record);
                throw new IllegalStateException("reader bug");
            }
        };
        hub.subscribe(reader);
        lines(0, 3).forEach(hub::accept);
        assertEquals(3, reader.await(3).size());
    }

    @Test
    void acceptNeverThrows() {
        assertDoesNotThrow(() -> hub.accept(null));
        hub.close();
        assertDoesNotThrow(() -> hub.accept(line(0)), "not even once closed");
    }

    @Test
    void closingTheStreamEndsEverySubscription() throws InterruptedException {
        Received one = new Received();
        Received two = new Received();
        Subscription first = (Subscription) hub.subscribe(one);
        Subscription second = (Subscription) hub.subscribe(two);

        hub.close();
        assertFalse(first.thread().isAlive());
        assertFalse(second.thread().isAlive());
        assertEquals(0, hub.subscriptions());
        // Their threads have ended: nothing can reach them any more, so no wait is needed to see that.
        hub.accept(line(0));
        assertEquals(List.of(), one.records());
        assertThrows(IllegalStateException.class, () -> hub.subscribe(new Received()));
    }

    @Test
    void recentIsBoundedAndOrdered() {
        LogHub small = new LogHub(10, 10);
        List<LogRecord> sent = lines(0, 25);
        sent.forEach(small::accept);
        assertEquals(sent.subList(15, 25), small.recent(100));
        assertEquals(sent.subList(20, 25), small.recent(5));
        assertEquals(List.of(), small.recent(0));
        small.close();
    }

    /** Waits on a latch inside accept, which may not throw: an interrupt (closing) ends the wait. */
    static void hold(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
