package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.store.StoreException;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.target.TargetState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TargetStore component against a real SQLite file, checked through the service and in the table. */
class TargetStoreTest {
    static final String CLOUD = "https://api.example.com";

    @TempDir
    Path dir;

    final SteppingClock clock = new SteppingClock(Instant.parse("2025-01-02T03:04:05.678901Z"));
    TargetStoreComponent store;

    @BeforeEach
    void open() {
        store = new TargetStoreComponent(clock);
        store.bindCodec(TestTargets.CODEC);
        store.bindConfig(new TestConfig(dir));
    }

    @AfterEach
    void close() {
        store.deactivate();
    }

    /** Closes and opens the file again: what a restart sees. */
    TargetStoreComponent reopened() {
        store.deactivate();
        open();
        return store;
    }

    Path file() {
        return dir.resolve(Database.FILE_NAME);
    }

    @Test
    void aNewStoreHoldsNoTarget() throws Exception {
        assertEquals(Map.of(), store.targets());
    }

    @Test
    void aTargetWithServicesAndCompositionReadsBackEqualAfterARestart() throws Exception {
        TargetState target = TestTargets.rich();
        StoredTarget stored = store.replaceTarget(target, CLOUD);
        StoredTarget expected = new StoredTarget(target, CLOUD, clock.instant(0), 1);
        assertEquals(expected, stored);
        assertEquals(Map.of(CLOUD, expected), store.targets());
        assertEquals(Map.of(CLOUD, expected), reopened().targets());
        assertEquals(Boolean.TRUE, store.targets().get(CLOUD).target().apps().get("app1uuid").release()
                .orElseThrow().services().get("main").composition().get("privileged"), "composition kept");
    }

    @Test
    void replacingATargetReplacesItWhole() throws Exception {
        store.replaceTarget(TestTargets.rich(), "local");
        TargetState second = TestTargets.simple("two");
        StoredTarget stored = store.replaceTarget(second, "local");

        assertEquals(new StoredTarget(second, "local", clock.instant(1), 2), stored,
                "storedAt is the time of the replacement, and the sequence the next number");
        assertEquals(Map.of("local", stored), store.targets());
        assertEquals(List.of(List.of("local", "2")), TestFiles.rows(file(), "SELECT source, stored_seq FROM target"));
    }

    @Test
    void eachSourceKeepsItsOwnTargetAndTargetsListsThemOldestStoredFirst() throws Exception {
        store.replaceTarget(TestTargets.rich(), CLOUD);
        StoredTarget local = store.replaceTarget(TestTargets.simple("local"), "local");
        StoredTarget cloud = store.replaceTarget(TestTargets.simple("cloud"), CLOUD);

        Map<String, StoredTarget> after = reopened().targets();
        assertEquals(List.of("local", CLOUD), List.copyOf(after.keySet()), "by stored_seq, not by source");
        assertEquals(List.of(local, cloud), List.copyOf(after.values()));
        assertEquals(new StoredTarget(TestTargets.simple("cloud"), CLOUD, clock.instant(2), 3), cloud);

        store.removeTarget(CLOUD);
        assertEquals(Map.of("local", local), store.targets(), "the other source's target is kept");
        store.removeTarget("local");
        store.removeTarget("local");
        assertEquals(Map.of(), store.targets());
    }

    /** Regression: max(stored_seq) + 1 gave the removed latest target's number to the next one. */
    @Test
    void aRemovedTargetsSequenceIsNeverGivenAgain() throws Exception {
        store.replaceTarget(TestTargets.simple("cloud"), CLOUD);
        assertEquals(2, store.replaceTarget(TestTargets.simple("local"), "local").sequence());
        store.removeTarget("local");

        assertEquals(3, store.replaceTarget(TestTargets.simple("again"), "local").sequence());
        store.removeTarget("local");
        assertEquals(4, reopened().replaceTarget(TestTargets.simple("after a restart"), "local").sequence());
    }

    @Test
    void twoSourcesMayHoldTheSameTarget() throws Exception {
        store.replaceTarget(TestTargets.simple("same"), CLOUD);
        store.replaceTarget(TestTargets.simple("same"), "local");
        assertEquals(TestTargets.simple("same"), store.targets().get(CLOUD).target());
        assertEquals(TestTargets.simple("same"), store.targets().get("local").target());
    }

    @Test
    void aReplaceThatFailsMidTransactionLeavesThePreviousTargetWhole() throws Exception {
        StoredTarget first = store.replaceTarget(TestTargets.rich(), "local");
        // Fails the insert, after the delete of the previous row ran in the same transaction.
        TestFiles.execute(file(), "CREATE TRIGGER provoke BEFORE INSERT ON target WHEN NEW.document LIKE '%boom%' "
                + "BEGIN SELECT RAISE(ABORT, 'provoked failure'); END");
        TargetState failing = TestTargets.read("""
                {"dev1": {"name": "boom", "config": {}, "apps": {"a": {"id": 1, "name": "fine", "releases": {}}}}}
                """);

        StoreException e = assertThrows(StoreException.class, () -> store.replaceTarget(failing, "local"));
        assertTrue(e.getMessage().startsWith("cannot replace the target of local: "), e.getMessage());
        assertTrue(e.getMessage().contains("provoked failure"), e.getMessage());

        assertEquals(Map.of("local", first), store.targets());
        StoredTarget after = store.replaceTarget(TestTargets.simple("after"), "local");
        assertEquals("device-after", store.targets().get("local").target().name(), "the writer is usable again");
        assertEquals(2, after.sequence(), "the failed write used no number");
    }

    @Test
    void aStoredTargetTheCodecNoLongerAcceptsIsReportedNotReturned() throws Exception {
        store.replaceTarget(TestTargets.simple("x"), "local");
        TestFiles.execute(file(), "UPDATE target SET document = replace(document, '\"TAG\"', '\" TAG\"')");
        StoreException e = assertThrows(StoreException.class, () -> store.targets());
        assertTrue(e.getMessage().startsWith("cannot read the stored target of local: the codec no longer "
                + "accepts it: "), e.getMessage());
    }

    /** A clock that moves one second each time it is read, so that each write has its own time. */
    static final class SteppingClock extends Clock {
        private final Instant start;
        private int reads;

        SteppingClock(Instant start) {
            this.start = start;
        }

        /** The time the clock gave at its {@code n}th read (from 0). */
        Instant instant(int n) {
            return start.plusSeconds(n);
        }

        @Override
        public synchronized Instant instant() {
            return start.plusSeconds(reads++);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
