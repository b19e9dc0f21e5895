package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.target.TargetState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MigrationsTest {
    @TempDir
    Path dir;

    Path file() {
        return dir.resolve(Database.FILE_NAME);
    }

    @Test
    void aNewFileGetsTheWholeSchema() throws Exception {
        assertFalse(Files.exists(file()));
        try (Database database = Database.open(file())) {
            assertEquals(file(), database.file());
        }
        assertEquals(Migrations.BOSUN.latest(), TestFiles.userVersion(file()));
        assertEquals(new java.util.TreeSet<>(TestFiles.LATEST_TABLES), TestFiles.tables(file()));
    }

    @Test
    void theHistoryIsNumberedFromOneWithoutGaps() {
        List<Integer> versions = Migrations.BOSUN.steps().stream().map(Migration::version).toList();
        assertEquals(IntStream.rangeClosed(1, Migrations.BOSUN.latest()).boxed().toList(), versions);
        assertThrows(IllegalArgumentException.class,
                () -> new Migrations(List.of(Migrations.SUPERVISOR_STATE)), "a history must start at 1");
    }

    static Stream<Integer> earlierVersions() {
        return IntStream.range(0, Migrations.BOSUN.latest()).boxed();
    }

    @ParameterizedTest(name = "from version {0}")
    @MethodSource("earlierVersions")
    void everyEarlierVersionIsMigratedToTheLatest(int version) throws Exception {
        TestFiles.createAtVersion(file(), version);
        assertEquals(version, TestFiles.userVersion(file()));
        if (version >= 1) {
            TestFiles.execute(file(), "INSERT INTO config (key, value) VALUES ('reconciler.local-mode', 'true')");
        }
        RecordStoreComponent records = new RecordStoreComponent();
        try {
            records.bindConfig(new TestConfig(dir));
            assertEquals(version >= 1 ? Optional.of("true") : Optional.empty(),
                    records.namespace("reconciler").get("local-mode"));
        } finally {
            records.deactivate();
        }
        assertEquals(Migrations.BOSUN.latest(), TestFiles.userVersion(file()));
        assertEquals(new java.util.TreeSet<>(TestFiles.LATEST_TABLES), TestFiles.tables(file()));
    }

    /** Writes a target as version 1 of the schema held it: one row, the v3 document. */
    private void storeAsVersionOne(TargetState target, String source, Instant storedAt) throws Exception {
        try (Connection c = TestFiles.connect(file());
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO target (id, device_uuid, source, document, stored_at) VALUES (1, ?, ?, ?, ?)")) {
            insert.setString(1, target.deviceUuid());
            insert.setString(2, source);
            insert.setString(3, new String(TestTargets.v3(target), StandardCharsets.UTF_8));
            insert.setString(4, storedAt.toString());
            insert.executeUpdate();
        }
    }

    /** Opens the file with the TargetStore component and reads the targets (migrating the file first). */
    private Map<String, StoredTarget> targets() throws StoreException {
        TargetStoreComponent targets = new TargetStoreComponent();
        try {
            targets.bindCodec(TestTargets.CODEC);
            targets.bindConfig(new TestConfig(dir));
            return targets.targets();
        } finally {
            targets.deactivate();
        }
    }

    @Test
    void aVersionOneTargetBecomesTheTargetOfItsSourceThroughTheWholeChain() throws Exception {
        TestFiles.createAtVersion(file(), 1);
        assertEquals(Set.of("config", "target"), TestFiles.tables(file()), "version 1 is the first contract");
        TargetState target = TestTargets.rich();
        Instant storedAt = Instant.parse("2024-05-06T07:08:09.123456Z");
        storeAsVersionOne(target, "https://api.example.com", storedAt);

        assertEquals(Map.of("https://api.example.com", new StoredTarget(target, "https://api.example.com", storedAt,
                1)), targets());
        assertEquals(Migrations.BOSUN.latest(), TestFiles.userVersion(file()));
        assertEquals(new java.util.TreeSet<>(TestFiles.LATEST_TABLES), TestFiles.tables(file()));
    }

    @Test
    void aMigratedTargetIsKeptBesideTheNextSourcesAndItsNumberIsNeverReused() throws Exception {
        TestFiles.createAtVersion(file(), 3);
        String document = new String(TestTargets.v3(TestTargets.simple("old")), StandardCharsets.UTF_8);
        TestFiles.execute(file(), """
                INSERT INTO target (source, device_uuid, document, stored_at, stored_seq)
                VALUES ('local', 'dev1', '%1$s', '2024-01-01T00:00:00Z', 1),
                       ('https://api.example.com', 'dev1', '%1$s', '2024-01-02T00:00:00Z', 2)""".formatted(document));

        TargetStoreComponent targets = new TargetStoreComponent();
        try {
            targets.bindCodec(TestTargets.CODEC);
            targets.bindConfig(new TestConfig(dir));
            Map<String, StoredTarget> migrated = targets.targets();
            assertEquals(List.of("local", "https://api.example.com"), List.copyOf(migrated.keySet()));
            assertEquals(List.of(1L, 2L), migrated.values().stream().map(StoredTarget::sequence).toList());
            targets.removeTarget("https://api.example.com");
            assertEquals(3, targets.replaceTarget(TestTargets.simple("new"), "https://api.example.com").sequence(),
                    "the removed target's number is not given again");
            assertEquals(TestTargets.simple("old"), targets.targets().get("local").target());
        } finally {
            targets.deactivate();
        }
    }

    static Stream<Integer> versionsWithLegacyValues() {
        return IntStream.rangeClosed(1, 3).boxed();
    }

    /** The key/values and the engine snapshot, as the bundles of versions 1 to 3 wrote them. */
    @ParameterizedTest(name = "from version {0}")
    @MethodSource("versionsWithLegacyValues")
    void theLegacyValuesBecomeTheirOwnersRecords(int version) throws Exception {
        TestFiles.createAtVersion(file(), version);
        TestFiles.execute(file(), """
                INSERT INTO config (key, value) VALUES
                    ('reconciler.pending-kills', 'c2,c1,,c3'),
                    ('reconciler.local-mode', 'true'),
                    ('host.proxy', '{"type":"socks5","ip":"10.0.0.1","port":1080}'),
                    ('device.tags', '{"zone":"b","alpha":"1","empty":""}'),
                    ('nobody.reads', 'this')""");
        if (version >= 2) {
            TestFiles.execute(file(), """
                    INSERT INTO engine_snapshot (id, snapshot, taken_at)
                    VALUES (1, '{"containers":["a"],"images":[],"volumes":[],"networks":[]}', '2025-02-03T04:05:06.789Z')""",
                    "INSERT INTO device_config_target (name, value, position) VALUES ('HOST_CONFIG_gpu_mem', '64', 0)");
        }
        if (version >= 3) {
            TestFiles.execute(file(), "INSERT INTO target_app (source, uuid, app_id, name, class) "
                    + "VALUES ('local', 'u', 1, 'a', 'fleet')");
        }

        RecordStoreComponent store = new RecordStoreComponent();
        try {
            store.bindConfig(new TestConfig(dir));
            Records reconciler = store.namespace("reconciler");
            assertEquals(Set.of("c1", "c2", "c3"), reconciler.members("pending-kills"));
            assertEquals(Optional.of("true"), reconciler.get("local-mode"));
            assertEquals(Optional.of("{\"type\":\"socks5\",\"ip\":\"10.0.0.1\",\"port\":1080}"),
                    store.namespace("host").get("proxy"));
            assertEquals(List.of(Map.entry("zone", "b"), Map.entry("alpha", "1"), Map.entry("empty", "")),
                    List.copyOf(store.namespace(RecordStore.DEVICE).entries(RecordStore.TAGS).entrySet()),
                    "in the document's order");
            assertEquals(version >= 2 ? Optional.of("{\"containers\":[\"a\"],\"images\":[],\"volumes\":[],"
                    + "\"networks\":[],\"takenAt\":\"2025-02-03T04:05:06.789Z\"}") : Optional.empty(),
                    reconciler.get("engine-snapshot"));
        } finally {
            store.deactivate();
        }
        assertEquals(new java.util.TreeSet<>(TestFiles.LATEST_TABLES), TestFiles.tables(file()),
                "config, engine_snapshot, target_app and device_config_target are gone");
        List<List<String>> texts = version >= 2
                ? List.of(List.of("host/proxy"), List.of("reconciler/engine-snapshot"), List.of("reconciler/local-mode"))
                : List.of(List.of("host/proxy"), List.of("reconciler/local-mode"));
        assertEquals(texts, TestFiles.rows(file(), "SELECT namespace || '/' || key FROM record ORDER BY 1"),
                "the key nobody reads went with the config table");
    }

    /** What no bundle could have read is dropped; a migration that failed on it would leave the store shut. */
    @ParameterizedTest(name = "tags {0}, snapshot {1}")
    @CsvSource(delimiter = '|', value = {"{not json|[\"an array\"]", "[1, 2]|not json", "\"text\"|{\"a\": "})
    void legacyJsonThatIsNotAnObjectIsDroppedWithoutFailingTheMigration(String tags, String snapshot)
            throws Exception {
        TestFiles.createAtVersion(file(), 3);
        try (Connection c = TestFiles.connect(file());
                PreparedStatement config = c.prepareStatement("INSERT INTO config (key, value) VALUES (?, ?)");
                PreparedStatement engine = c.prepareStatement(
                        "INSERT INTO engine_snapshot (id, snapshot, taken_at) VALUES (1, ?, '2025-01-01T00:00:00Z')")) {
            config.setString(1, "device.tags");
            config.setString(2, tags);
            config.executeUpdate();
            engine.setString(1, snapshot);
            engine.executeUpdate();
        }
        RecordStoreComponent store = new RecordStoreComponent();
        try {
            store.bindConfig(new TestConfig(dir));
            assertEquals(Map.of(), store.namespace(RecordStore.DEVICE).entries(RecordStore.TAGS));
            assertEquals(Optional.empty(), store.namespace("reconciler").get("engine-snapshot"));
        } finally {
            store.deactivate();
        }
        assertEquals(Migrations.BOSUN.latest(), TestFiles.userVersion(file()));
    }

    @Test
    void aFileFromANewerBosunIsRefusedAndLeftUntouched() throws Exception {
        TestFiles.createAtVersion(file(), Migrations.BOSUN.latest());
        int newer = Migrations.BOSUN.latest() + 1;
        try (Connection c = TestFiles.connect(file()); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + newer);
            s.execute("CREATE TABLE from_the_future (x)");
        }
        byte[] before = Files.readAllBytes(file());

        StoreException e = assertThrows(StoreException.class, () -> Database.open(file()));
        assertTrue(e.getMessage().contains("schema version " + newer + ", newer than this Bosun knows ("
                + Migrations.BOSUN.latest() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains(file().toString()), e.getMessage());

        assertEquals(newer, TestFiles.userVersion(file()), "not downgraded");
        assertTrue(TestFiles.tables(file()).contains("from_the_future"));
        assertTrue(Arrays.equals(before, Files.readAllBytes(file())), "not a byte changed");
        assertEquals(List.of(Database.FILE_NAME), fileNames(), "not moved aside either");
    }

    @Test
    void aFailingMigrationLeavesTheFileAtTheLastWholeVersion() throws Exception {
        Migrations broken = new Migrations(List.of(Migrations.KEY_VALUES_AND_TARGET,
                new Migration(2, "half done", List.of("CREATE TABLE half (x)", "THIS IS NOT SQL"))));
        StoreException e = assertThrows(StoreException.class,
                () -> Database.open(file(), broken, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
        assertTrue(e.getMessage().startsWith("cannot open the database " + file() + ": migration 2 (half done): "),
                e.getMessage());

        assertEquals(1, TestFiles.userVersion(file()), "migration 1 committed, migration 2 rolled back whole");
        assertEquals(Set.of("config", "target"), TestFiles.tables(file()), "no table of the failed migration");

        try (Database database = Database.open(file())) {
            assertEquals(Migrations.BOSUN.latest(), TestFiles.userVersion(file()), "the real history still applies");
        }
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith("-wal") && !n.endsWith("-shm"))
                    .sorted().toList();
        }
    }
}
