package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RecordStore component on a real file: the three types of record, their persistence and their atomicity. */
class RecordsTest {
    @TempDir
    Path dir;

    RecordStoreComponent store;
    Records records;
    final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void open() {
        store = new RecordStoreComponent();
        store.bindConfig(new TestConfig(dir));
        records = store.namespace("test");
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        store.deactivate();
    }

    /** Closes and opens the file again: what a restart sees. */
    Records reopened() {
        store.deactivate();
        open();
        return records;
    }

    Path file() {
        return dir.resolve(Database.FILE_NAME);
    }

    @Test
    void aNamespaceIsLettersDigitsDotsAndDashes() {
        assertEquals("io.bosun-cloud2", store.namespace("io.bosun-cloud2").namespace());
        for (String wrong : List.of("", "a b", "a/b", "a_b", "a:b")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.namespace(wrong));
            assertEquals("a namespace is letters, digits, '.' and '-': '" + wrong + "'", e.getMessage());
        }
    }

    @Test
    void aNewStoreHoldsNothing() throws Exception {
        assertEquals(Optional.empty(), records.get("k"));
        assertEquals(Set.of(), records.members("k"));
        assertEquals(Map.of(), records.entries("k"));
    }

    @Test
    void textsArePutReplacedAndRemovedAndSurviveARestart() throws Exception {
        records.put("name", "first");
        records.put("other", "x");
        records.put("name", "second");
        assertEquals(Optional.of("second"), records.get("name"));
        records.remove("name");
        records.remove("never-there");
        assertEquals(Optional.empty(), records.get("name"));
        assertEquals(Optional.of("x"), reopened().get("other"));
    }

    @Test
    void updateGetsTheStoredTextAndStoresWhatItGives() throws Exception {
        assertEquals(Optional.of("none"), records.update("k", v -> Optional.of(v.isEmpty() ? "none" : "some")));
        assertEquals(Optional.of("none+"), records.update("k", v -> v.map(s -> s + "+")));
        assertEquals(Optional.of("none+"), reopened().get("k"));
        assertEquals(Optional.empty(), records.update("k", v -> Optional.empty()));
        assertEquals(Optional.empty(), records.get("k"), "an empty change removes the text");
    }

    @Test
    void aChangeThatThrowsLeavesTheTextAsItWas() throws Exception {
        records.put("k", "kept");
        assertThrows(IllegalStateException.class, () -> records.update("k", v -> {
            throw new IllegalStateException("the change failed");
        }));
        assertEquals(Optional.of("kept"), records.get("k"));
        records.put("k", "writable");
        assertEquals(Optional.of("writable"), records.get("k"), "the writer is usable again");
    }

    @Test
    void membersAreAddedRemovedAndRetainedAndReadSorted() throws Exception {
        assertTrue(records.addMember("ids", "c"));
        assertTrue(records.addMember("ids", "a"));
        assertTrue(records.addMember("ids", "b"));
        assertFalse(records.addMember("ids", "a"), "already there");
        assertEquals(List.of("a", "b", "c"), List.copyOf(records.members("ids")));

        assertTrue(records.removeMember("ids", "b"));
        assertFalse(records.removeMember("ids", "b"));
        assertEquals(Set.of("a", "c"), reopened().members("ids"));

        records.addMember("ids", "d");
        records.retainMembers("ids", List.of("c", "d", "not a member"));
        assertEquals(Set.of("c", "d"), records.members("ids"));
        records.retainMembers("ids", List.of());
        assertEquals(Set.of(), records.members("ids"));
    }

    @Test
    void entriesKeepTheOrderTheyWereFirstSetIn() throws Exception {
        Map<String, String> first = new LinkedHashMap<>();
        first.put("zone", "b");
        first.put("alpha", "1");
        records.putEntries("tags", first);
        Map<String, String> second = new LinkedHashMap<>();
        second.put("middle", "m");
        second.put("zone", "a");
        records.putEntries("tags", second);

        List<Map.Entry<String, String>> expected = List.of(Map.entry("zone", "a"), Map.entry("alpha", "1"),
                Map.entry("middle", "m"));
        assertEquals(expected, List.copyOf(records.entries("tags").entrySet()), "zone changed in its place");
        assertEquals(expected, List.copyOf(reopened().entries("tags").entrySet()));
        records.putEntries("tags", Map.of());
        assertEquals(3, records.entries("tags").size(), "no entries to set changes nothing");
    }

    @Test
    void putEntriesIsOneTransaction() throws Exception {
        TestFiles.execute(file(), "CREATE TRIGGER provoke BEFORE INSERT ON record_entry WHEN NEW.name = 'boom' "
                + "BEGIN SELECT RAISE(ABORT, 'provoked failure'); END");
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("fine", "1");
        entries.put("boom", "2");
        StoreException e = assertThrows(StoreException.class, () -> records.putEntries("tags", entries));
        assertTrue(e.getMessage().startsWith("cannot set entries of test/tags: "), e.getMessage());
        assertEquals(Map.of(), records.entries("tags"), "not even the entry before the failure");
    }

    @Test
    void removeRemovesWhateverTypeTheKeyHolds() throws Exception {
        records.put("text", "t");
        records.addMember("set", "m");
        records.putEntries("map", Map.of("n", "v"));
        records.remove("text");
        records.remove("set");
        records.remove("map");
        assertEquals(Optional.empty(), records.get("text"));
        assertEquals(Set.of(), records.members("set"));
        assertEquals(Map.of(), records.entries("map"));
        for (String table : List.of("record", "record_member", "record_entry")) {
            assertEquals(List.of(List.of("0")), TestFiles.rows(file(), "SELECT count(*) FROM " + table), table);
        }
    }

    @Test
    void aKeyHoldsOneTypeAtATime() throws Exception {
        records.put("k", "text");
        StoreException e = assertThrows(StoreException.class, () -> records.addMember("k", "m"));
        assertEquals("cannot add a member to test/k: test/k holds a text, not a set of members", e.getMessage());
        assertThrows(StoreException.class, () -> records.putEntries("k", Map.of("n", "v")));
        records.addMember("s", "m");
        assertThrows(StoreException.class, () -> records.put("s", "text"));
        assertThrows(StoreException.class, () -> records.update("s", v -> Optional.of("text")));

        assertEquals(Optional.of("text"), records.get("k"));
        assertEquals(Set.of(), records.members("k"));
        assertEquals(Map.of(), records.entries("k"));
        assertEquals(Optional.empty(), records.get("s"));
    }

    @Test
    void namespacesDoNotShareKeys() throws Exception {
        Records other = store.namespace("other");
        records.put("k", "mine");
        other.put("k", "theirs");
        other.addMember("s", "theirs");
        assertEquals(Optional.of("mine"), records.get("k"));
        records.remove("k");
        assertEquals(Optional.of("theirs"), other.get("k"));
        assertEquals(Set.of(), records.members("s"));
    }

    @Test
    void recordsKeptByAConsumerFollowANewDataFolder() throws Exception {
        records.put("where", "first");
        Path other = dir.resolve("other");
        store.bindConfig(new TestConfig(other));
        assertEquals(Optional.empty(), records.get("where"));
        records.put("where", "second");
        assertEquals(List.of(List.of("second")), TestFiles.rows(other.resolve(Database.FILE_NAME),
                "SELECT value FROM record"));
        assertEquals(List.of(List.of("first")), TestFiles.rows(file(), "SELECT value FROM record"));
    }

    @Test
    void updateIsAtomicAgainstConcurrentWriters() throws Exception {
        int writers = 8;
        int increments = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> running = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            running.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < increments; i++) {
                    records.update("counter", v -> Optional.of(Integer.toString(v.map(Integer::parseInt).orElse(0) + 1)));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<Object> writer : running) {
            writer.get(60, TimeUnit.SECONDS);
        }
        assertEquals(Optional.of(Integer.toString(writers * increments)), records.get("counter"),
                "no increment lost");
    }

    @Test
    void concurrentlyAddedMembersAllLand() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            running.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < 25; i++) {
                    assertTrue(records.addMember("ids", thread + "-" + i));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<Object> writer : running) {
            writer.get(60, TimeUnit.SECONDS);
        }
        assertEquals(200, records.members("ids").size());
    }
}
