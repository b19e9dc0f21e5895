package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.target.TargetState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer at a time; readers never wait for it. The services run on the shared database that the test also
 * holds, to hold its transactions open. Bounds are generous: they catch a hang, not a slow run.
 */
class ConcurrencyTest {
    private static final long BOUND_SECONDS = 10;

    @TempDir
    Path dir;

    final TargetStoreComponent targets = new TargetStoreComponent();
    final RecordStoreComponent recordStore = new RecordStoreComponent();
    final Records records = recordStore.namespace("test");
    Database database;
    final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void open() throws StoreException {
        targets.bindCodec(TestTargets.CODEC);
        targets.bindConfig(new TestConfig(dir));
        recordStore.bindConfig(new TestConfig(dir));
        database = SharedDatabases.SHARED.acquire(dir.resolve(Database.FILE_NAME));
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        SharedDatabases.SHARED.release(database);
        targets.deactivate();
        recordStore.deactivate();
    }

    @Test
    void readersCompleteWhileAWriteTransactionIsOpenAndSeeTheLastCommit() throws Exception {
        records.put("k", "before");
        targets.replaceTarget(TestTargets.simple("before"), "local");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> writer = threads.submit(() -> database.write("hold the write lock", c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE record SET value = 'during' WHERE key = 'k'");
            }
            inside.countDown();
            try {
                assertTrue(release.await(BOUND_SECONDS, TimeUnit.SECONDS), "the test released the writer");
            } catch (InterruptedException e) {
                throw new java.sql.SQLException("interrupted while holding the write lock", e);
            }
            return null;
        }));
        assertTrue(inside.await(BOUND_SECONDS, TimeUnit.SECONDS), "the writer is inside its transaction");

        Future<Optional<String>> value = threads.submit(() -> records.get("k"));
        Future<String> target = threads.submit(() -> targets.targets().get("local").target().name());
        assertEquals(Optional.of("before"), value.get(BOUND_SECONDS, TimeUnit.SECONDS),
                "the read completed, and does not see the uncommitted change");
        assertEquals("device-before", target.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertFalse(writer.isDone(), "the write transaction was open all along");

        release.countDown();
        writer.get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(Optional.of("during"), records.get("k"));
    }

    @Test
    void aWriteCompletesWhileAReadTransactionIsOpenAndTheReaderKeepsItsSnapshot() throws Exception {
        records.put("k", "before");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<List<String>> reader = threads.submit(() -> database.read("hold a read transaction", c -> {
            List<String> seen = new ArrayList<>();
            seen.add(TestFiles.rows(c, "SELECT value FROM record WHERE key = 'k'").get(0).get(0));
            inside.countDown();
            try {
                assertTrue(release.await(BOUND_SECONDS, TimeUnit.SECONDS), "the test released the reader");
            } catch (InterruptedException e) {
                throw new java.sql.SQLException("interrupted while reading", e);
            }
            seen.add(TestFiles.rows(c, "SELECT value FROM record WHERE key = 'k'").get(0).get(0));
            return seen;
        }));
        assertTrue(inside.await(BOUND_SECONDS, TimeUnit.SECONDS), "the reader is inside its transaction");

        Future<Object> write = threads.submit(() -> {
            records.put("k", "after");
            return null;
        });
        write.get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertFalse(reader.isDone(), "the read transaction was open all along");
        assertEquals(Optional.of("after"), records.get("k"), "a new read sees the commit");

        release.countDown();
        assertEquals(List.of("before", "before"), reader.get(BOUND_SECONDS, TimeUnit.SECONDS),
                "the open read kept one snapshot");
    }

    @Test
    void writesFromManyThreadsTakeTurnsAndAllLand() throws Exception {
        List<Future<Object>> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            writers.add(threads.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    records.put("t" + thread + "-" + i, "v" + i);
                    targets.replaceTarget(TestTargets.simple(thread + "x" + i), "local");
                }
                return null;
            }));
        }
        for (Future<Object> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        assertEquals(List.of(List.of("100")), database.read("count values",
                c -> TestFiles.rows(c, "SELECT count(*) FROM record")));
        assertEquals(List.of(List.of("1", "100")), database.read("count targets",
                c -> TestFiles.rows(c, "SELECT count(*), max(stored_seq) FROM target")), "one target, 100 stored");
        TargetState last = targets.targets().get("local").target();
        assertEquals(TestTargets.simple(last.name().substring("device-".length())), last, "whole, not a mix");
    }

    @Test
    void aWriteWaitsForAnotherProcessesWriteLockInsteadOfFailing() throws Exception {
        try (Connection other = TestFiles.connect(database.file()); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("INSERT INTO record (namespace, key, value) VALUES ('test', 'other', 'process')");
            Future<Object> write = threads.submit(() -> {
                records.put("mine", "too");
                return null;
            });
            Thread.sleep(200);
            assertFalse(write.isDone(), "the write waits for the lock (busy timeout)");
            s.execute("COMMIT");
            write.get(BOUND_SECONDS, TimeUnit.SECONDS);
        }
        assertEquals(Optional.of("process"), records.get("other"));
        assertEquals(Optional.of("too"), records.get("mine"));
    }
}
