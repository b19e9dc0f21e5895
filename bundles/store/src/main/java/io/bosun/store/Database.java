package io.bosun.store;

import io.bosun.spi.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The store's SQLite file: opened with the pragmas that make every commit durable, checked, migrated, and
 * replaced by a fresh file when it is corrupt. Writes go through one connection, one transaction at a time;
 * reads use their own connections and, in WAL mode, never wait for the writer nor hold it up.
 */
final class Database implements AutoCloseable {
    static final String FILE_NAME = "database.sqlite";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** How long a statement waits for a lock held by another process (e.g. a sqlite3 shell) before failing. */
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;
    /** Idle read connections kept for reuse; more may be open while many threads read at once. */
    private static final int IDLE_READERS = 4;

    private final Path file;
    private final SQLiteDataSource readers;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ConcurrentLinkedDeque<Connection> idleReaders = new ConcurrentLinkedDeque<>();
    private final Map<Class<?>, CachedTables<?>> caches = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private Database(Path file, SQLiteDataSource readers, Connection writer) {
        this.file = file;
        this.readers = readers;
        this.writer = writer;
    }

    /** Opens (creating, checking and migrating) the database {@code file} with Bosun's schema. */
    static Database open(Path file) throws StoreException {
        return open(file, Migrations.BOSUN, Clock.systemUTC());
    }

    /**
     * Opens {@code file}: integrity check, then every pending migration. A corrupt file (or one that is not a
     * database) is moved aside and a fresh one created; a file from a newer Bosun is refused untouched.
     *
     * @param clock names the moved-aside file
     */
    static Database open(Path file, Migrations migrations, Clock clock) throws StoreException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create the folder of the database " + file + ": " + e, e);
        }
        KeptSqliteLibrary.useFrom(file.toAbsolutePath().getParent().resolve("native"));
        try {
            return openChecked(file, migrations);
        } catch (CorruptFile corrupt) {
            Path aside;
            try {
                aside = Corruption.moveAside(file, clock);
            } catch (IOException e) {
                throw new StoreException("the database " + file + " is corrupt (" + corrupt.getMessage()
                        + ") and cannot be moved aside: " + e, e);
            }
            LOG.warn("The database {} is corrupt ({}); moved it aside to {} and started a fresh one: the target "
                    + "comes back from its source, running apps are left as they are", file, corrupt.getMessage(),
                    aside);
            try {
                return openChecked(file, migrations);
            } catch (CorruptFile again) {
                throw new StoreException("the fresh database " + file + " is corrupt too: " + again.getMessage(),
                        again.getCause());
            }
        }
    }

    private static Database openChecked(Path file, Migrations migrations) throws StoreException, CorruptFile {
        Connection writer;
        try {
            writer = dataSource(file).getConnection();
        } catch (SQLException e) {
            throw corruptOr(e, "cannot open the database " + file);
        }
        boolean opened = false;
        try {
            checkIntegrity(writer);
            int found = Migrations.userVersion(writer);
            if (found > migrations.latest()) {
                throw new StoreException("the database " + file + " has schema version " + found
                        + ", newer than this Bosun knows (" + migrations.latest() + "); it was left untouched: "
                        + "run a Bosun that knows it, or move the file away to start afresh", null);
            }
            useWal(writer, file);
            migrations.apply(writer, migrations.latest());
            opened = true;
            return new Database(file, dataSource(file), writer);
        } catch (SQLException e) {
            throw corruptOr(e, "cannot open the database " + file);
        } finally {
            if (!opened) {
                closeQuietly(writer);
            }
        }
    }

    /**
     * The connection settings: every commit synced to disk, a wait for other processes' locks, foreign keys.
     * The journal mode is set by {@link #useWal} once the file is known to be sound and not newer than this code:
     * it is stored in the file, so setting it earlier would change a file that must be left untouched.
     */
    private static SQLiteDataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return source;
    }

    private static void checkIntegrity(Connection connection) throws SQLException, CorruptFile {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA integrity_check(5)")) {
            while (rows.next()) {
                problems.add(rows.getString(1));
            }
        }
        if (!problems.equals(List.of("ok"))) {
            throw new CorruptFile("integrity check: " + String.join("; ", problems), null);
        }
    }

    /** WAL: readers see the last commit and never block the writer nor wait for it. */
    private static void useWal(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA journal_mode = WAL")) {
            String mode = rows.next() ? rows.getString(1) : "?";
            if (!"wal".equalsIgnoreCase(mode)) {
                LOG.warn("The database {} is in journal mode {}, not WAL (the file system does not support it?): "
                        + "readers and the writer will wait for each other", file, mode);
            }
        }
    }

    /** Throws {@link CorruptFile} when SQLite says the file is damaged; else gives the failure to throw. */
    private static StoreException corruptOr(SQLException e, String doing) throws CorruptFile {
        if (Corruption.isCorruption(e)) {
            throw new CorruptFile(e.getMessage(), e);
        }
        return new StoreException(doing + ": " + e.getMessage(), e);
    }

    /** The database file. */
    Path file() {
        return file;
    }

    /**
     * The in-memory copy of one owner's tables, of type {@code content}, made (not yet loaded) on first ask. It
     * lives as long as this database object: a database opened again, or elsewhere, starts from what is on disk.
     *
     * @param what what the copy holds, for the message of a failure ({@code cannot read <what>: ...})
     * @param load reads the copy; also run inside each write through the copy, to refresh it
     */
    @SuppressWarnings("unchecked")
    <T> CachedTables<T> cached(Class<T> content, String what, SqlWork<T> load) {
        return (CachedTables<T>) caches.computeIfAbsent(content, c -> new CachedTables<>(this, what, load));
    }

    /**
     * Runs {@code work} in one write transaction ({@code BEGIN IMMEDIATE}), committed when it returns and rolled
     * back when it throws. Writers take turns: one transaction at a time.
     *
     * @param what what is being done, for the message of a failure ({@code cannot <what>: <SQLite message>})
     */
    <T> T write(String what, SqlWork<T> work) throws StoreException {
        writeLock.lock();
        try {
            ensureOpen(what);
            return inTransaction(writer, "BEGIN IMMEDIATE", work);
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} in one read transaction on a read connection: it sees one consistent snapshot, however
     * many statements it runs, and neither waits for a writer nor holds one up.
     */
    <T> T read(String what, SqlWork<T> work) throws StoreException {
        ensureOpen(what);
        Connection reader = null;
        boolean healthy = false;
        try {
            reader = borrowReader();
            T result = inTransaction(reader, "BEGIN", work);
            healthy = true;
            return result;
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            if (reader != null) {
                giveBack(reader, healthy);
            }
        }
    }

    private static <T> T inTransaction(Connection connection, String begin, SqlWork<T> work) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(begin);
        }
        boolean committed = false;
        try {
            T result = work.run(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("COMMIT");
            }
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollbackQuietly(connection);
            }
        }
    }

    private Connection borrowReader() throws SQLException {
        Connection reader = idleReaders.pollFirst();
        if (reader != null) {
            return reader;
        }
        reader = readers.getConnection();
        try (Statement statement = reader.createStatement()) {
            // A reader that tried to write would take the write lock from under the single writer.
            statement.execute("PRAGMA query_only = true");
        } catch (SQLException e) {
            closeQuietly(reader);
            throw e;
        }
        return reader;
    }

    private void giveBack(Connection reader, boolean healthy) {
        if (healthy && idleReaders.size() < IDLE_READERS) {
            idleReaders.offerFirst(reader);
            // close() sets the flag before it empties the pool: if it ran meanwhile, one of us closes the reader.
            if (closed && idleReaders.remove(reader)) {
                closeQuietly(reader);
            }
            return;
        }
        closeQuietly(reader);
    }

    private void ensureOpen(String what) throws StoreException {
        if (closed) {
            throw new StoreException("cannot " + what + ": the database " + file + " is closed", null);
        }
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + ": " + e.getMessage(), e);
    }

    /** Closes every connection; a write in progress finishes first. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
        for (Connection reader; (reader = idleReaders.pollFirst()) != null;) {
            closeQuietly(reader);
        }
    }

    static void rollbackQuietly(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            // No transaction left to roll back (SQLite already did, e.g. after a failed COMMIT): nothing to undo.
            LOG.debug("Rollback: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing a database connection: {}", e.getMessage());
        }
    }

    /** The file is damaged or not a database: move it aside and start afresh. */
    private static final class CorruptFile extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message on one line, so that the warning about the file stays one log line */
        CorruptFile(String message, Throwable cause) {
            super(String.valueOf(message).replaceAll("\\s*\\R\\s*", "; "), cause);
        }
    }
}
