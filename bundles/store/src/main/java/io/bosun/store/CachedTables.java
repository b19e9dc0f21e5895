package io.bosun.store;

import io.bosun.spi.store.StoreException;
import java.util.Objects;

/**
 * An owner's tables, copied into memory from one {@link Database}: loaded at the first read, then every read is
 * answered from the copy without touching SQLite. Writes go through here, so the copy cannot go stale: each one
 * changes the tables and reads the copy again in the same transaction, and the copy is replaced only once that
 * transaction committed. Only this process's writes are seen: the tables must have no other writer.
 *
 * @param <T> the copy, immutable
 */
final class CachedTables<T> {
    private final Database database;
    private final String what;
    private final SqlWork<T> load;
    /** Null until the first read; replaced under this object's lock, read without it. */
    private volatile T copy;

    CachedTables(Database database, String what, SqlWork<T> load) {
        this.database = Objects.requireNonNull(database, "database");
        this.what = Objects.requireNonNull(what, "what");
        this.load = Objects.requireNonNull(load, "load");
    }

    /** The copy, loaded from the database the first time. */
    T read() throws StoreException {
        T current = copy;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (copy == null) {
                copy = database.read("read " + what, load);
            }
            return copy;
        }
    }

    /**
     * Runs {@code change} in one write transaction and refreshes the copy from the same transaction. Writes through
     * one copy take turns, so a slower writer can never put back an older copy over a newer one.
     *
     * @param doing what is being done, for the message of a failure
     */
    synchronized <R> R write(String doing, SqlWork<R> change) throws StoreException {
        record Written<R, T>(R result, T copy) {
        }
        Written<R, T> written = database.write(doing, c -> {
            R result = change.run(c);
            return new Written<>(result, load.run(c));
        });
        copy = written.copy();
        return written.result();
    }
}
