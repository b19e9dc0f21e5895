package io.bosun.store;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.store.TargetStore;
import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link TargetStore} on the {@code target} table: one row per source, holding the codec's v3 document (what
 * the cloud sends, so any target the codec reads is stored and read back equal). Its {@code stored_seq} is an
 * AUTOINCREMENT rowid, so a sequence number is never given twice, not even after the latest target was removed.
 * The codec reference is optional, dynamic and greedy like the configuration's: while it is missing only this
 * service fails, and the other stores stay usable while the codec bundle is updated.
 */
@Component(service = TargetStore.class)
public final class TargetStoreComponent implements TargetStore {
    private final ConfiguredDatabase database = new ConfiguredDatabase("the target store");
    private final AtomicReference<TargetStateCodec> codec = new AtomicReference<>();
    private final Clock clock;

    public TargetStoreComponent() {
        this(Clock.systemUTC());
    }

    /** @param clock gives {@link StoredTarget#storedAt()} */
    TargetStoreComponent(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Reference(name = "config", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(SupervisorConfig config) {
        database.bind(config);
    }

    void unbindConfig(SupervisorConfig config) {
        database.unbind(config);
    }

    @Reference(name = "codec", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCodec(TargetStateCodec codec) {
        this.codec.set(codec);
    }

    void unbindCodec(TargetStateCodec codec) {
        // A greedy replacement binds the new codec before it unbinds the old one.
        this.codec.compareAndSet(codec, null);
    }

    @Deactivate
    void deactivate() {
        database.close();
    }

    @Override
    public Map<String, StoredTarget> targets() throws StoreException {
        record Row(String source, String deviceUuid, String document, Instant storedAt, long sequence) {
        }
        TargetStateCodec codec = codec();
        List<Row> rows = database.database().read("read the stored targets", c -> Sql.query(c, """
                SELECT source, device_uuid, document, stored_at, stored_seq FROM target ORDER BY stored_seq""",
                row -> new Row(row.getString(1), row.getString(2), row.getString(3),
                        Instant.parse(row.getString(4)), row.getLong(5))));
        Map<String, StoredTarget> targets = new LinkedHashMap<>();
        for (Row row : rows) {
            try {
                TargetState target = codec.readV3(row.document().getBytes(StandardCharsets.UTF_8), row.deviceUuid());
                targets.put(row.source(), new StoredTarget(target, row.source(), row.storedAt(), row.sequence()));
            } catch (InvalidTargetStateException e) {
                // Only a codec with stricter rules than the one that wrote it gets here; the source sends it again.
                throw new StoreException("cannot read the stored target of " + row.source()
                        + ": the codec no longer accepts it: " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableMap(targets);
    }

    @Override
    public StoredTarget replaceTarget(TargetState target, String source) throws StoreException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        // Encoded before the transaction: the write lock is held only for the writes themselves.
        String document = new String(codec().writeV3(target), StandardCharsets.UTF_8);
        Instant storedAt = clock.instant();
        long sequence = database.database().write("replace the target of " + source, c -> {
            // Deleted and inserted, not updated: the new row takes the next AUTOINCREMENT number.
            Sql.update(c, "DELETE FROM target WHERE source = ?", source);
            Sql.update(c, "INSERT INTO target (source, device_uuid, document, stored_at) VALUES (?, ?, ?, ?)",
                    source, target.deviceUuid(), document, storedAt.toString());
            return Sql.query(c, "SELECT last_insert_rowid()", row -> row.getLong(1)).get(0);
        });
        return new StoredTarget(target, source, storedAt, sequence);
    }

    @Override
    public void removeTarget(String source) throws StoreException {
        Objects.requireNonNull(source, "source");
        database.database().write("remove the target of " + source,
                c -> Sql.update(c, "DELETE FROM target WHERE source = ?", source));
    }

    private TargetStateCodec codec() throws StoreException {
        TargetStateCodec current = codec.get();
        if (current == null) {
            throw new StoreException("store not ready: no target-state codec yet", null);
        }
        return current;
    }
}
