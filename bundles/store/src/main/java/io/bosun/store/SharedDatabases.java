package io.bosun.store;

import io.bosun.spi.store.StoreException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open databases of this bundle, one per file, shared by the store's components: each service owns its own
 * tables, but they all live in one file, which must have one writer connection (two would wait on each other's
 * locks) and be checked and migrated once. A database is opened by its first user and closed when its last user
 * lets go.
 */
final class SharedDatabases {
    /** The bundle's registry: every component of this bundle revision uses it. */
    static final SharedDatabases SHARED = new SharedDatabases();

    private static final Logger LOG = LoggerFactory.getLogger(SharedDatabases.class);

    private final Map<Path, Shared> open = new HashMap<>();

    private static final class Shared {
        final Database database;
        int users;

        Shared(Database database) {
            this.database = database;
        }
    }

    /**
     * The database of {@code file}, opened (checked, migrated) if nobody uses it yet; to be given back with
     * {@link #release}.
     */
    synchronized Database acquire(Path file) throws StoreException {
        Path key = file.toAbsolutePath().normalize();
        Shared shared = open.get(key);
        if (shared == null) {
            shared = new Shared(Database.open(key));
            open.put(key, shared);
            LOG.info("The store opened {}", key);
        }
        shared.users++;
        return shared.database;
    }

    /** Gives back a database from {@link #acquire}; the last user to give it back closes it. */
    synchronized void release(Database database) {
        Shared shared = open.get(database.file());
        if (shared == null || shared.database != database) {
            return;
        }
        if (--shared.users == 0) {
            open.remove(database.file());
            database.close();
            LOG.info("The store closed {}", database.file());
        }
    }

    /** How many users hold the database of {@code file} (0 when it is not open). */
    synchronized int users(Path file) {
        Shared shared = open.get(file.toAbsolutePath().normalize());
        return shared == null ? 0 : shared.users;
    }
}
