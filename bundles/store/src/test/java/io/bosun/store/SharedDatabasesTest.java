package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bosun.spi.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One database per file, shared by reference count. */
class SharedDatabasesTest {
    @TempDir
    Path dir;

    final SharedDatabases databases = new SharedDatabases();

    @Test
    void usersOfOneFileShareOneDatabaseClosedByTheLastRelease() throws Exception {
        Database first = databases.acquire(dir.resolve(Database.FILE_NAME));
        Database second = databases.acquire(dir.resolve(".").resolve(Database.FILE_NAME));
        assertSame(first, second, "one file, however it is spelled");
        assertEquals(2, databases.users(dir.resolve(Database.FILE_NAME)));

        databases.release(first);
        assertEquals(List.of(List.of("ok")), second.read("check", c -> TestFiles.rows(c, "PRAGMA quick_check")),
                "still open for the other user");
        databases.release(second);
        assertEquals(0, databases.users(dir.resolve(Database.FILE_NAME)));
        assertThrows(StoreException.class, () -> second.read("check", c -> null), "closed");

        Database again = databases.acquire(dir.resolve(Database.FILE_NAME));
        assertNotSame(first, again, "opened anew");
        databases.release(again);
    }

    @Test
    void releasingADatabaseTwiceDoesNotCloseItForItsOtherUsers() throws Exception {
        Database first = databases.acquire(dir.resolve(Database.FILE_NAME));
        Database other = databases.acquire(dir.resolve("other").resolve(Database.FILE_NAME));
        databases.release(other);
        databases.release(other);
        assertEquals(1, databases.users(dir.resolve(Database.FILE_NAME)));
        databases.release(first);
    }
}
