package io.bosun.store;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.store.StoreException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component's {@link SupervisorConfig} reference (optional, dynamic, greedy: updating the config bundle never
 * replaces the component or its service) and the shared database of the data folder it names. The database is
 * taken when a configuration is bound, kept across a rebind to the same folder and while the configuration is
 * away, exchanged for the new folder's when the folder changes, and given back on {@link #close}.
 */
final class ConfiguredDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredDatabase.class);

    private final String owner;
    private final SharedDatabases databases;
    /** Guards taking, exchanging and giving back the database, and the compare-and-clear of unbinds. */
    private final Object lock = new Object();
    private volatile SupervisorConfig config;
    /** Held from {@link #databases}; replaced only under {@link #lock}. */
    private volatile Database database;
    private boolean closed;

    /** @param owner the component, for log lines (e.g. {@code the target store}) */
    ConfiguredDatabase(String owner) {
        this(owner, SharedDatabases.SHARED);
    }

    ConfiguredDatabase(String owner, SharedDatabases databases) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.databases = Objects.requireNonNull(databases, "databases");
    }

    void bind(SupervisorConfig config) {
        synchronized (lock) {
            this.config = config;
        }
        try {
            open(config);
        } catch (StoreException e) {
            // Calls retry the open and report this failure to their callers.
            LOG.error("{} cannot open its database: {}", owner, e.getMessage());
        }
    }

    void unbind(SupervisorConfig config) {
        // A greedy replacement binds the new service before it unbinds the old one.
        synchronized (lock) {
            if (this.config == config) {
                this.config = null;
            }
        }
    }

    /**
     * The database of the current configuration's data folder, opening (or moving to) it if needed.
     *
     * @throws StoreException naming what is missing, or why the database cannot be opened
     */
    Database database() throws StoreException {
        SupervisorConfig current = config;
        Database open = database;
        if (current == null && open != null) {
            // The configuration is away (its bundle is being replaced): the data folder is the process's for its
            // whole life, so the open database stays the one to use.
            return open;
        }
        if (current == null) {
            throw new StoreException("store not ready: no supervisor configuration yet", null);
        }
        if (open != null && open.file().equals(fileIn(current))) {
            return open;
        }
        return open(current);
    }

    private Database open(SupervisorConfig current) throws StoreException {
        Path file = fileIn(current);
        synchronized (lock) {
            Database open = database;
            if (open != null && open.file().equals(file)) {
                return open;
            }
            if (closed) {
                throw new StoreException("store not ready: the store component is stopping", null);
            }
            Database taken = databases.acquire(file);
            database = taken;
            if (open != null) {
                LOG.info("The data folder changed: {} moved from {} to {}", owner, open.file(), file);
                databases.release(open);
            }
            return taken;
        }
    }

    /** Gives the database back (the last user closes it); later calls fail. */
    void close() {
        synchronized (lock) {
            closed = true;
            if (database != null) {
                databases.release(database);
                database = null;
            }
        }
    }

    private static Path fileIn(SupervisorConfig config) {
        return config.settings().dataDir().resolve(Database.FILE_NAME).toAbsolutePath().normalize();
    }
}
