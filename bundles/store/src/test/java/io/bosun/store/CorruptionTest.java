package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged file, or one that is not a database, is moved aside and a fresh database takes its place. */
class CorruptionTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07.891Z"), ZoneOffset.UTC);
    static final String ASIDE = Database.FILE_NAME + ".corrupt-20250304T050607Z";

    @TempDir
    Path dir;

    Path file() {
        return dir.resolve(Database.FILE_NAME);
    }

    @Test
    void garbageInTheMiddleOfTheFileIsMovedAsideAndAFreshDatabaseWorks() throws Exception {
        try (Database database = Database.open(file())) {
            String payload = "p".repeat(2000);
            for (int i = 0; i < 500; i++) {
                putRecord(database, "key" + i, payload + i);
            }
        }
        assertFalse(Files.exists(dir.resolve(Database.FILE_NAME + "-wal")), "closing checkpointed the WAL");
        long size = Files.size(file());
        byte[] garbage = new byte[(int) (size / 2)];
        new Random(42).nextBytes(garbage);
        try (RandomAccessFile raw = new RandomAccessFile(file().toFile(), "rw")) {
            raw.seek(size / 4);
            raw.write(garbage);
        }
        byte[] corrupt = Files.readAllBytes(file());

        String log = capturingStandardError(() -> {
            try (Database database = Database.open(file(), Migrations.BOSUN, CLOCK)) {
                assertFreshAndWorking(database);
            }
        });

        assertArrayEquals(corrupt, Files.readAllBytes(dir.resolve(ASIDE)), "the damaged file, kept as it was");
        assertEquals(Migrations.BOSUN.latest(), TestFiles.userVersion(file()));
        List<String> warnings = log.lines().filter(line -> line.contains(" is corrupt (")).toList();
        assertEquals(1, warnings.size(), log);
        String warning = warnings.get(0);
        assertTrue(warning.contains("WARN"), warning);
        assertTrue(warning.contains("The database " + file() + " is corrupt (integrity check: "), warning);
        assertTrue(warning.contains("moved it aside to " + dir.resolve(ASIDE) + " and started a fresh one"),
                "one line names both files: " + warning);
    }

    @Test
    void aFileThatIsNotADatabaseIsMovedAsideAndItsWalDoesNotFollowIntoTheFreshOne() throws Exception {
        byte[] text = "this is a text file, not SQLite\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Path wal = dir.resolve(Database.FILE_NAME + "-wal");
        Files.write(file(), text);
        Files.writeString(wal, "not a WAL either");

        try (Database database = Database.open(file(), Migrations.BOSUN, CLOCK)) {
            assertFreshAndWorking(database);
            // SQLite may have dropped the unreadable WAL itself; if not, it went aside with its database.
            assertFalse(Files.exists(wal) && Files.readString(wal, StandardCharsets.ISO_8859_1)
                    .contains("not a WAL either"), "the old WAL is not beside the fresh database");
        }
        assertArrayEquals(text, Files.readAllBytes(dir.resolve(ASIDE)));
    }

    @Test
    void movingAsideTakesTheCompanionFilesAlong() throws Exception {
        Files.writeString(file(), "db");
        Files.writeString(dir.resolve(Database.FILE_NAME + "-wal"), "wal");
        Files.writeString(dir.resolve(Database.FILE_NAME + "-shm"), "shm");

        assertEquals(dir.resolve(ASIDE), Corruption.moveAside(file(), CLOCK));

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(ASIDE, ASIDE + "-shm", ASIDE + "-wal"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("wal", Files.readString(dir.resolve(ASIDE + "-wal")));
        assertEquals("shm", Files.readString(dir.resolve(ASIDE + "-shm")));
    }

    @Test
    void aSecondCorruptionInTheSameSecondGetsItsOwnName() throws Exception {
        Files.writeString(file(), "first garbage ".repeat(100));
        Database.open(file(), Migrations.BOSUN, CLOCK).close();
        Files.writeString(file(), "second garbage ".repeat(100));
        Database.open(file(), Migrations.BOSUN, CLOCK).close();

        assertTrue(Files.readString(dir.resolve(ASIDE)).startsWith("first garbage"));
        assertTrue(Files.readString(dir.resolve(ASIDE + "-2")).startsWith("second garbage"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(Database.FILE_NAME, ASIDE, ASIDE + "-2"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void anEmptyFileIsANewDatabaseNotACorruptOne() throws Exception {
        Files.createFile(file());
        try (Database database = Database.open(file(), Migrations.BOSUN, CLOCK)) {
            assertFreshAndWorking(database);
        }
        assertFalse(Files.exists(dir.resolve(ASIDE)));
    }

    private static void putRecord(Database database, String key, String value) throws StoreException {
        database.write("put " + key, c -> Sql.update(c, "INSERT INTO record (namespace, key, value) VALUES (?, ?, ?)",
                "test", key, value));
    }

    private void assertFreshAndWorking(Database database) throws StoreException {
        assertEquals(List.of(List.of("0", "0")), database.read("count", c -> TestFiles.rows(c,
                "SELECT (SELECT count(*) FROM record), (SELECT count(*) FROM target)")), "a fresh database");
        putRecord(database, "after", "works");
        assertEquals(List.of(List.of("works")), database.read("read", c -> TestFiles.rows(c,
                "SELECT value FROM record WHERE key = 'after'")));
        assertEquals("ok", database.read("check", c -> TestFiles.rows(c, "PRAGMA integrity_check").get(0).get(0)));
    }

    interface Action {
        void run() throws Exception;
    }

    /** What the action wrote to System.err, where slf4j-simple writes the store's log in the tests. */
    private static String capturingStandardError(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }
}
