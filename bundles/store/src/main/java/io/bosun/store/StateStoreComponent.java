package io.bosun.store;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.store.ApiKey;
import io.bosun.spi.store.EngineSnapshot;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.store.StateStore;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StateStore} service. Its references are optional, dynamic and greedy, so that updating the config
 * or codec bundle never replaces this component or its service (the hot-update invariant): while one is
 * missing, the calls that need it fail with a {@link StoreException} saying so: without a configuration every
 * call, without a codec only the calls that read or write a target (API keys and values stay readable while the
 * codec is updated). The database is opened when the configuration is bound, kept open across a rebind to the same data
 * folder, reopened when the folder changes, and closed on deactivation.
 */
@Component(service = StateStore.class)
public final class StateStoreComponent implements StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(StateStoreComponent.class);

    private volatile TargetStateCodec codec;
    private volatile SupervisorConfig config;
    /** Guards opening, replacing and closing the database, and the compare-and-clear of unbinds. */
    private final Object lock = new Object();
    /** The store on the database of the current data folder; replaced only under {@link #lock}. */
    private volatile SqliteStateStore store;
    private boolean deactivated;

    @Reference(name = "codec", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCodec(TargetStateCodec codec) {
        synchronized (lock) {
            this.codec = codec;
        }
    }

    void unbindCodec(TargetStateCodec codec) {
        synchronized (lock) {
            if (this.codec == codec) {
                this.codec = null;
            }
        }
    }

    @Reference(name = "config", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(SupervisorConfig config) {
        synchronized (lock) {
            this.config = config;
        }
        try {
            open(config);
        } catch (StoreException e) {
            // Calls retry the open and report this failure to their callers.
            LOG.error("The store cannot open its database: {}", e.getMessage());
        }
    }

    void unbindConfig(SupervisorConfig config) {
        // A greedy replacement binds the new service before it unbinds the old one.
        synchronized (lock) {
            if (this.config == config) {
                this.config = null;
            }
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            deactivated = true;
            if (store != null) {
                store.database().close();
                store = null;
            }
        }
    }

    /** The store for the current configuration, opening (or reopening elsewhere) its database if needed. */
    private SqliteStateStore store() throws StoreException {
        SupervisorConfig current = config;
        if (current == null) {
            throw new StoreException("store not ready: no supervisor configuration yet", null);
        }
        SqliteStateStore open = store;
        if (open != null && open.database().file().equals(fileIn(current))) {
            return open;
        }
        return open(current);
    }

    private SqliteStateStore open(SupervisorConfig current) throws StoreException {
        Path file = fileIn(current);
        synchronized (lock) {
            SqliteStateStore open = store;
            if (open != null && open.database().file().equals(file)) {
                return open;
            }
            if (deactivated) {
                throw new StoreException("store not ready: the store component is stopping", null);
            }
            SqliteStateStore opened = new SqliteStateStore(Database.open(file), this::codec, Clock.systemUTC());
            store = opened;
            if (open != null) {
                LOG.info("The data folder changed: the store moved from {} to {}", open.database().file(), file);
                open.database().close();
            } else {
                LOG.info("The store uses {}", file);
            }
            return opened;
        }
    }

    private static Path fileIn(SupervisorConfig config) {
        return config.settings().dataDir().resolve(Database.FILE_NAME);
    }

    private TargetStateCodec codec() throws StoreException {
        TargetStateCodec current = codec;
        if (current == null) {
            throw new StoreException("store not ready: no target-state codec yet", null);
        }
        return current;
    }

    @Override
    public Optional<StoredTarget> target() throws StoreException {
        return store().target();
    }

    @Override
    public Optional<StoredTarget> target(String source) throws StoreException {
        return store().target(source);
    }

    @Override
    public void replaceTarget(TargetState target, String source) throws StoreException {
        store().replaceTarget(target, source);
    }

    @Override
    public void removeTarget(String source) throws StoreException {
        store().removeTarget(source);
    }

    @Override
    public Optional<String> value(String key) throws StoreException {
        return store().value(key);
    }

    @Override
    public void putValue(String key, String value) throws StoreException {
        store().putValue(key, value);
    }

    @Override
    public void removeValue(String key) throws StoreException {
        store().removeValue(key);
    }

    @Override
    public List<ImageRecord> images() throws StoreException {
        return store().images();
    }

    @Override
    public void putImage(ImageRecord image) throws StoreException {
        store().putImage(image);
    }

    @Override
    public int removeImages(String name) throws StoreException {
        return store().removeImages(name);
    }

    @Override
    public Map<Long, String> currentCommits() throws StoreException {
        return store().currentCommits();
    }

    @Override
    public void putCurrentCommit(long appId, String commit) throws StoreException {
        store().putCurrentCommit(appId, commit);
    }

    @Override
    public void removeCurrentCommit(long appId) throws StoreException {
        store().removeCurrentCommit(appId);
    }

    @Override
    public List<ApiKey> apiKeys() throws StoreException {
        return store().apiKeys();
    }

    @Override
    public void putApiKey(ApiKey key) throws StoreException {
        store().putApiKey(key);
    }

    @Override
    public void removeApiKey(long appId, Optional<String> serviceName) throws StoreException {
        store().removeApiKey(appId, serviceName);
    }

    @Override
    public Optional<EngineSnapshot> engineSnapshot() throws StoreException {
        return store().engineSnapshot();
    }

    @Override
    public void putEngineSnapshot(String json, Instant takenAt) throws StoreException {
        store().putEngineSnapshot(json, takenAt);
    }

    @Override
    public void removeEngineSnapshot() throws StoreException {
        store().removeEngineSnapshot();
    }

    @Override
    public Map<String, String> deviceConfigTarget() throws StoreException {
        return store().deviceConfigTarget();
    }

    @Override
    public void putDeviceConfigTarget(Map<String, String> values) throws StoreException {
        store().putDeviceConfigTarget(values);
    }
}
