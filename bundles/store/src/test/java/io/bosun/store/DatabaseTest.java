package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connections' settings and failures, on a real file. */
class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void connectionsUseTheDurablePragmas() throws Exception {
        try (Database database = Database.open(dir.resolve(Database.FILE_NAME))) {
            List<String> writer = database.write("read the pragmas", DatabaseTest::pragmas);
            assertEquals(List.of("wal", "2", "1", "5000"), writer,
                    "journal_mode, synchronous=FULL, foreign_keys, busy_timeout");
            List<String> reader = database.read("read the pragmas", DatabaseTest::pragmas);
            assertEquals(List.of("wal", "2", "1", "5000"), reader);
            database.write("write", c -> Sql.update(c, "INSERT INTO record VALUES ('n', 'k', 'v')"));
            assertTrue(Files.exists(dir.resolve(Database.FILE_NAME + "-wal")), "WAL beside the database");
        }
    }

    private static List<String> pragmas(Connection c) throws SQLException {
        return List.of(pragma(c, "journal_mode"), pragma(c, "synchronous"), pragma(c, "foreign_keys"),
                pragma(c, "busy_timeout"));
    }

    private static String pragma(Connection c, String name) throws SQLException {
        return TestFiles.rows(c, "PRAGMA " + name).get(0).get(0);
    }

    @Test
    void aFailureSaysWhatWasBeingDone() throws Exception {
        try (Database database = Database.open(dir.resolve(Database.FILE_NAME))) {
            StoreException e = assertThrows(StoreException.class,
                    () -> database.write("write nowhere", c -> Sql.update(c, "INSERT INTO nowhere VALUES (1)")));
            assertTrue(e.getMessage().startsWith("cannot write nowhere: "), e.getMessage());
            assertTrue(e.getCause() instanceof SQLException);

            database.close();
            StoreException closed = assertThrows(StoreException.class, () -> database.read("read the value k",
                    c -> null));
            assertEquals("cannot read the value k: the database " + database.file() + " is closed",
                    closed.getMessage());
        }
    }
}
