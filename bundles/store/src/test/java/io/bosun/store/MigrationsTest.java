package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
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
        try (Connection c = TestFiles.connect(file()); Statement s = c.createStatement()) {
            if (version >= 1) {
                s.execute("INSERT INTO config (key, value) VALUES ('kept', 'yes')");
            }
        }
        try (Database database = Database.open(file())) {
            SqliteStateStore store = new SqliteStateStore(database, () -> TestTargets.CODEC, Clock.systemUTC());
            assertEquals(version >= 1 ? Optional.of("yes") : Optional.empty(), store.value("kept"));
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

    @Test
    void aVersionOneFileKeepsItsDataAndGetsItsTargetAppsAsRows() throws Exception {
        TestFiles.createAtVersion(file(), 1);
        assertEquals(Set.of("config", "target"), TestFiles.tables(file()), "version 1 is the first contract");
        TargetState target = TestTargets.rich();
        Instant storedAt = Instant.parse("2024-05-06T07:08:09.123456Z");
        storeAsVersionOne(target, "https://api.example.com", storedAt);
        try (Connection c = TestFiles.connect(file()); Statement s = c.createStatement()) {
            s.execute("INSERT INTO config (key, value) VALUES ('name', 'gateway')");
        }

        try (Database database = Database.open(file())) {
            SqliteStateStore store = new SqliteStateStore(database, () -> TestTargets.CODEC, Clock.systemUTC());
            assertEquals(Optional.of(new StoredTarget(target, "https://api.example.com", storedAt)), store.target());
            assertEquals(Optional.of("gateway"), store.value("name"));
            assertEquals(List.of(), store.images(), "the new tables are there and empty");
        }
        assertEquals(Migrations.BOSUN.latest(), TestFiles.userVersion(file()));
        assertEquals(List.of(
                Arrays.asList("app1uuid", "17", "sensors", "fleet", "rel1commit", "300", "https://api.example.com"),
                Arrays.asList("block1uuid", "18", "bluetooth", "block", null, null, "https://api.example.com")),
                TestFiles.rows(file(), "SELECT uuid, app_id, name, class, release_commit, release_id, source "
                        + "FROM target_app ORDER BY uuid"),
                "migration 2 read the apps out of the stored v3 document");
    }

    @Test
    void aVersionTwoTargetBecomesTheTargetOfItsSource() throws Exception {
        TestFiles.createAtVersion(file(), 1);
        TargetState target = TestTargets.rich();
        Instant storedAt = Instant.parse("2024-05-06T07:08:09Z");
        storeAsVersionOne(target, "local", storedAt);
        try (Database database = Database.open(file())) {
            SqliteStateStore store = new SqliteStateStore(database, () -> TestTargets.CODEC, Clock.systemUTC());
            StoredTarget expected = new StoredTarget(target, "local", storedAt);
            assertEquals(Optional.of(expected), store.target("local"));
            assertEquals(Optional.of(expected), store.target());
            assertEquals(Optional.empty(), store.target("https://api.example.com"));
            store.replaceTarget(TestTargets.simple("cloud"), "https://api.example.com");
            assertEquals(Optional.of(expected), store.target("local"), "the migrated target is kept beside");
        }
        assertEquals(List.of(List.of("local", "app1uuid"), List.of("local", "block1uuid")),
                TestFiles.rows(file(), "SELECT source, uuid FROM target_app WHERE source = 'local' ORDER BY uuid"));
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
