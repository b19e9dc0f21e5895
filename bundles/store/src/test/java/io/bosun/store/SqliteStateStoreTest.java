package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.store.ApiKey;
import io.bosun.spi.store.EngineSnapshot;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.target.TargetState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every StateStore method against a real SQLite file, checked through the store and in the tables. */
class SqliteStateStoreTest {
    @TempDir
    Path dir;

    final SteppingClock clock = new SteppingClock(Instant.parse("2025-01-02T03:04:05.678901Z"));
    Database database;
    SqliteStateStore store;

    @BeforeEach
    void open() throws StoreException {
        database = Database.open(dir.resolve(Database.FILE_NAME));
        store = new SqliteStateStore(database, () -> TestTargets.CODEC, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Closes and opens the file again: what a restart sees. */
    SqliteStateStore reopened() throws StoreException {
        database.close();
        open();
        return store;
    }

    @Test
    void aNewStoreHoldsNothing() throws Exception {
        assertEquals(Optional.empty(), store.target());
        assertEquals(Optional.empty(), store.value("anything"));
        assertEquals(List.of(), store.images());
        assertEquals(Map.of(), store.currentCommits());
        assertEquals(List.of(), store.apiKeys());
        assertEquals(Optional.empty(), store.engineSnapshot());
        assertEquals(Map.of(), store.deviceConfigTarget());
    }

    @Test
    void connectionsUseTheDurablePragmas() throws Exception {
        List<String> writer = database.write("read the pragmas", c -> pragmas(c));
        assertEquals(List.of("wal", "2", "1", "5000"), writer, "journal_mode, synchronous=FULL, foreign_keys, busy");
        List<String> reader = database.read("read the pragmas", c -> pragmas(c));
        assertEquals(List.of("wal", "2", "1", "5000"), reader);
        store.putValue("k", "v");
        assertTrue(Files.exists(dir.resolve(Database.FILE_NAME + "-wal")), "WAL beside the database");
    }

    private static List<String> pragmas(Connection c) throws SQLException {
        return List.of(pragma(c, "journal_mode"), pragma(c, "synchronous"), pragma(c, "foreign_keys"),
                pragma(c, "busy_timeout"));
    }

    private static String pragma(Connection c, String name) throws SQLException {
        return TestFiles.rows(c, "PRAGMA " + name).get(0).get(0);
    }

    @Test
    void aTargetWithServicesAndCompositionReadsBackEqualAfterARestart() throws Exception {
        TargetState target = TestTargets.rich();
        store.replaceTarget(target, "https://api.example.com");
        StoredTarget expected = new StoredTarget(target, "https://api.example.com", clock.instant(0));
        assertEquals(Optional.of(expected), store.target());
        assertEquals(Optional.of(expected), reopened().target());
        assertEquals(Boolean.TRUE, store.target().orElseThrow().target().apps().get("app1uuid").release()
                .orElseThrow().services().get("main").composition().get("privileged"), "composition kept");
    }

    @Test
    void replacingATargetReplacesItWholeWithItsAppRows() throws Exception {
        store.replaceTarget(TestTargets.rich(), "local");
        TargetState second = TestTargets.simple("two");
        store.replaceTarget(second, "local");

        assertEquals(Optional.of(new StoredTarget(second, "local", clock.instant(1))), store.target("local"),
                "storedAt is the time of the replacement");
        assertEquals(List.of(Arrays.asList("app-two", "1", "app-two", "fleet", "commit-two", "2", "local")),
                appRows(), "only the new target's apps, with its source");
    }

    @Test
    void eachSourceKeepsItsOwnTargetAndTheLastStoredIsTheLatest() throws Exception {
        TargetState cloud = TestTargets.rich();
        store.replaceTarget(cloud, "https://api.example.com");
        TargetState local = TestTargets.simple("local");
        store.replaceTarget(local, "local");
        assertEquals(Optional.of(new StoredTarget(local, "local", clock.instant(1))), store.target());

        TargetState cloudAgain = TestTargets.simple("cloud");
        store.replaceTarget(cloudAgain, "https://api.example.com");
        SqliteStateStore after = reopened();
        assertEquals(Optional.of(new StoredTarget(cloudAgain, "https://api.example.com", clock.instant(2))),
                after.target(), "the latest, whichever its source");
        assertEquals(Optional.of(new StoredTarget(local, "local", clock.instant(1))), after.target("local"));
        assertEquals(List.of(Arrays.asList("app-cloud", "1", "app-cloud", "fleet", "commit-cloud", "2",
                "https://api.example.com"), Arrays.asList("app-local", "1", "app-local", "fleet", "commit-local", "2",
                "local")), appRows());

        after.removeTarget("https://api.example.com");
        assertEquals(Optional.empty(), after.target("https://api.example.com"));
        assertEquals(Optional.of(new StoredTarget(local, "local", clock.instant(1))), after.target(),
                "the other source's target is the latest once the last one is removed");
        assertEquals(List.of(Arrays.asList("app-local", "1", "app-local", "fleet", "commit-local", "2", "local")),
                appRows());
        after.removeTarget("local");
        after.removeTarget("local");
        assertEquals(Optional.empty(), after.target());
        assertEquals(List.of(), appRows());
    }

    @Test
    void twoSourcesMayHoldTheSameAppUuid() throws Exception {
        store.replaceTarget(TestTargets.simple("same"), "https://api.example.com");
        store.replaceTarget(TestTargets.simple("same"), "local");
        assertEquals(List.of("https://api.example.com", "local"), appRows().stream().map(r -> r.get(6)).sorted().toList());
    }

    @Test
    void theAppRowsOfATargetCarryItsSource() throws Exception {
        store.replaceTarget(TestTargets.rich(), "https://api.example.com");
        assertEquals(List.of(
                Arrays.asList("app1uuid", "17", "sensors", "fleet", "rel1commit", "300", "https://api.example.com"),
                Arrays.asList("block1uuid", "18", "bluetooth", "block", null, null, "https://api.example.com")),
                appRows());
        assertEquals(List.of(List.of("app1uuid"), List.of("block1uuid")), database.read("query apps by source",
                c -> TestFiles.rows(c, "SELECT uuid FROM target_app WHERE source = ? ORDER BY uuid",
                        "https://api.example.com")));
    }

    private List<List<String>> appRows() throws StoreException {
        return database.read("read the app rows", c -> TestFiles.rows(c,
                "SELECT uuid, app_id, name, class, release_commit, release_id, source FROM target_app ORDER BY uuid"));
    }

    @Test
    void aReplaceThatFailsMidTransactionLeavesThePreviousTargetWhole() throws Exception {
        TargetState first = TestTargets.rich();
        store.replaceTarget(first, "https://api.example.com");
        List<List<String>> firstRows = appRows();
        // A trigger makes the second app's row fail, after the document and the first app's row were written.
        database.write("install a failing trigger", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TRIGGER provoke BEFORE INSERT ON target_app WHEN NEW.name = 'boom' "
                        + "BEGIN SELECT RAISE(ABORT, 'provoked failure'); END");
            }
            return null;
        });
        TargetState failing = TestTargets.read("""
                {"dev1": {"name": "other", "config": {},
                  "apps": {"a": {"id": 1, "name": "fine", "releases": {}},
                           "b": {"id": 2, "name": "boom", "releases": {}}}}}
                """);

        StoreException e = assertThrows(StoreException.class, () -> store.replaceTarget(failing, "local"));
        assertTrue(e.getMessage().startsWith("cannot replace the target: "), e.getMessage());
        assertTrue(e.getMessage().contains("provoked failure"), e.getMessage());

        assertEquals(Optional.of(new StoredTarget(first, "https://api.example.com", clock.instant(0))),
                store.target());
        assertEquals(firstRows, appRows());
        store.replaceTarget(TestTargets.simple("after"), "local");
        assertEquals("device-after", store.target().orElseThrow().target().name(), "the writer is usable again");
    }

    @Test
    void valuesArePutReplacedAndRemoved() throws Exception {
        store.putValue("name", "first");
        store.putValue("other", "x");
        store.putValue("name", "second");
        assertEquals(Optional.of("second"), store.value("name"));
        store.removeValue("name");
        store.removeValue("never-there");
        assertEquals(Optional.empty(), store.value("name"));
        assertEquals(Optional.of("x"), reopened().value("other"));
    }

    @Test
    void imagesKeepTheirOrderAndAreReplacedByNameAppAndService() throws Exception {
        ImageRecord main = image("registry/main:1", "app1", "main", Optional.empty());
        ImageRecord worker = image("registry/worker:1", "app1", "worker", Optional.of("sha256:aaa"));
        ImageRecord shared = image("registry/main:1", "app2", "main", Optional.of("sha256:bbb"));
        store.putImage(main);
        store.putImage(worker);
        store.putImage(shared);
        assertEquals(List.of(main, worker, shared), store.images());

        ImageRecord downloaded = new ImageRecord("registry/main:1", 7, "app1", 99, "main", 98, 97, "newcommit",
                Optional.of("sha256:ccc"));
        store.putImage(downloaded);
        assertEquals(List.of(downloaded, worker, shared), reopened().images(), "replaced in place, not added");

        assertEquals(2, store.removeImages("registry/main:1"));
        assertEquals(0, store.removeImages("registry/main:1"));
        assertEquals(List.of(worker), store.images());
    }

    private static ImageRecord image(String name, String appUuid, String service, Optional<String> dockerId) {
        return new ImageRecord(name, 1, appUuid, 10, service, 20, 30, "commit1", dockerId);
    }

    @Test
    void currentCommitsArePerApp() throws Exception {
        store.putCurrentCommit(2, "bbb");
        store.putCurrentCommit(1, "aaa");
        store.putCurrentCommit(2, "ccc");
        assertEquals(Map.of(1L, "aaa", 2L, "ccc"), store.currentCommits());
        store.removeCurrentCommit(1);
        assertEquals(Map.of(2L, "ccc"), reopened().currentCommits());
    }

    @Test
    void apiKeysIncludingTheGlobalOneAreKeptOnePerAppAndService() throws Exception {
        ApiKey global = new ApiKey(0, Optional.empty(), "global-key", List.of());
        ApiKey appWide = new ApiKey(5, Optional.empty(), "app-key", List.of("{\"type\":\"app\",\"appId\":5}"));
        ApiKey service = new ApiKey(5, Optional.of("main"), "main-key",
                List.of("{\"type\":\"app\",\"appId\":5}", "{\"type\":\"app\",\"appId\":6}"));
        store.putApiKey(global);
        store.putApiKey(appWide);
        store.putApiKey(service);
        assertEquals(List.of(global, appWide, service), store.apiKeys());

        ApiKey newGlobal = new ApiKey(0, Optional.empty(), "new-global", List.of("{\"type\":\"global\"}"));
        store.putApiKey(newGlobal);
        assertEquals(List.of(appWide, service, newGlobal), reopened().apiKeys(), "one global key, the newest");

        store.removeApiKey(5, Optional.of("main"));
        store.removeApiKey(5, Optional.of("absent"));
        assertEquals(List.of(appWide, newGlobal), store.apiKeys());
        assertEquals(List.of(List.of("2")), database.read("count scopes",
                c -> TestFiles.rows(c, "SELECT count(*) FROM api_key_scope")),
                "the removed keys' scopes went with them (foreign keys are on)");
    }

    @Test
    void theDatabaseItselfAllowsOneGlobalKey() throws Exception {
        store.putApiKey(new ApiKey(0, Optional.empty(), "one", List.of()));
        StoreException e = assertThrows(StoreException.class, () -> database.write("insert a second global key",
                c -> {
                    try (Statement s = c.createStatement()) {
                        return s.executeUpdate("INSERT INTO api_key (app_id, service_name, key) VALUES (0, NULL, 'two')");
                    }
                }));
        assertTrue(e.getMessage().startsWith("cannot insert a second global key: "), e.getMessage());
        assertTrue(e.getMessage().contains("UNIQUE"), e.getMessage());
    }

    @Test
    void theEngineSnapshotIsReplaced() throws Exception {
        Instant first = Instant.parse("2025-02-03T04:05:06.789Z");
        store.putEngineSnapshot("{\"containers\":[]}", first);
        assertEquals(Optional.of(new EngineSnapshot("{\"containers\":[]}", first)), store.engineSnapshot());
        Instant second = first.plusSeconds(60);
        store.putEngineSnapshot("{\"containers\":[\"a\"]}", second);
        assertEquals(Optional.of(new EngineSnapshot("{\"containers\":[\"a\"]}", second)),
                reopened().engineSnapshot());
        store.removeEngineSnapshot();
        store.removeEngineSnapshot();
        assertEquals(Optional.empty(), reopened().engineSnapshot());
    }

    @Test
    void theDeviceConfigTargetIsReplacedWholeAndKeepsItsOrder() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("HOST_CONFIG_gpu_mem", "64");
        values.put("SUPERVISOR_POLL_INTERVAL", "900000");
        values.put("HOST_CONFIG_dtoverlay", "\"vc4-kms-v3d\"");
        store.putDeviceConfigTarget(values);
        assertEquals(List.copyOf(values.entrySet()), List.copyOf(store.deviceConfigTarget().entrySet()));
        store.putDeviceConfigTarget(Map.of("SUPERVISOR_LOCAL_MODE", "1"));
        assertEquals(Map.of("SUPERVISOR_LOCAL_MODE", "1"), reopened().deviceConfigTarget());
        store.putDeviceConfigTarget(Map.of());
        assertEquals(Map.of(), store.deviceConfigTarget());
    }

    @Test
    void aFailureSaysWhatWasBeingDone() throws Exception {
        StoreException e = assertThrows(StoreException.class,
                () -> store.putApiKey(new ApiKey(1, Optional.of(""), "k", List.of())));
        assertTrue(e.getMessage().startsWith("cannot store the API key of service  of app 1: "), e.getMessage());
        assertTrue(e.getCause() instanceof SQLException);
        assertEquals(List.of(), store.apiKeys(), "nothing half-written");

        database.close();
        StoreException closed = assertThrows(StoreException.class, () -> store.value("k"));
        assertEquals("cannot read the value k: the database " + database.file() + " is closed", closed.getMessage());
    }

    @Test
    void aStoredTargetTheCodecNoLongerAcceptsIsReportedNotReturned() throws Exception {
        store.replaceTarget(TestTargets.simple("x"), "local");
        database.write("break the stored document", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE target SET document = replace(document, '\"TAG\"', '\" TAG\"')");
            }
            return null;
        });
        StoreException e = assertThrows(StoreException.class, () -> store.target());
        assertTrue(e.getMessage().startsWith("cannot read the stored target: the codec no longer accepts it: "),
                e.getMessage());
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
