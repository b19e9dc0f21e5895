package io.bosun.store;

import io.bosun.spi.store.ApiKey;
import io.bosun.spi.store.EngineSnapshot;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.store.StateStore;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link StateStore} on one {@link Database}. The target is kept as the codec's v3 document (what the cloud
 * sends, so any target the codec reads can be stored and read back equal), with its apps as rows beside it.
 */
final class SqliteStateStore implements StateStore {

    /** Gives the codec to use now, or says why there is none (it may come and go with its bundle). */
    @FunctionalInterface
    interface Codecs {
        TargetStateCodec codec() throws StoreException;
    }

    private final Database database;
    private final Codecs codecs;
    private final Clock clock;

    SqliteStateStore(Database database, Codecs codecs, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.codecs = Objects.requireNonNull(codecs, "codecs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Database database() {
        return database;
    }

    @Override
    public Optional<StoredTarget> target() throws StoreException {
        return readTarget("SELECT device_uuid, source, document, stored_at FROM target ORDER BY stored_seq DESC "
                + "LIMIT 1");
    }

    @Override
    public Optional<StoredTarget> target(String source) throws StoreException {
        Objects.requireNonNull(source, "source");
        return readTarget("SELECT device_uuid, source, document, stored_at FROM target WHERE source = ?", source);
    }

    private Optional<StoredTarget> readTarget(String query, String... parameters) throws StoreException {
        record Row(String deviceUuid, String source, String document, Instant storedAt) {
        }
        TargetStateCodec codec = codecs.codec();
        Optional<Row> row = database.read("read the stored target", c -> {
            try (PreparedStatement select = c.prepareStatement(query)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(new Row(rows.getString(1), rows.getString(2),
                            rows.getString(3), Instant.parse(rows.getString(4)))) : Optional.empty();
                }
            }
        });
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Row stored = row.get();
        try {
            TargetState target = codec.readV3(stored.document().getBytes(StandardCharsets.UTF_8),
                    stored.deviceUuid());
            return Optional.of(new StoredTarget(target, stored.source(), stored.storedAt()));
        } catch (InvalidTargetStateException e) {
            // Only a codec with stricter rules than the one that wrote it can get here; the source sends it again.
            throw new StoreException("cannot read the stored target: the codec no longer accepts it: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void replaceTarget(TargetState target, String source) throws StoreException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        // Encoded before the transaction: the write lock is held only for the writes themselves.
        String document = new String(codecs.codec().writeV3(target), StandardCharsets.UTF_8);
        String storedAt = clock.instant().toString();
        database.write("replace the target", c -> {
            update(c, """
                    INSERT INTO target (source, device_uuid, document, stored_at, stored_seq)
                    VALUES (?, ?, ?, ?, (SELECT coalesce(max(stored_seq), 0) + 1 FROM target))
                    ON CONFLICT (source) DO UPDATE SET device_uuid = excluded.device_uuid,
                        document = excluded.document, stored_at = excluded.stored_at,
                        stored_seq = excluded.stored_seq""",
                    source, target.deviceUuid(), document, storedAt);
            update(c, "DELETE FROM target_app WHERE source = ?", source);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO target_app (uuid, app_id, name, class, release_commit, release_id, source)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                for (TargetApp app : target.apps().values()) {
                    Optional<TargetRelease> release = app.release();
                    insert.setString(1, app.uuid());
                    insert.setLong(2, app.id());
                    insert.setString(3, app.name());
                    insert.setString(4, app.appClass().wireName());
                    insert.setString(5, release.map(TargetRelease::commit).orElse(null));
                    if (release.isPresent()) {
                        insert.setLong(6, release.get().id());
                    } else {
                        insert.setNull(6, Types.INTEGER);
                    }
                    insert.setString(7, source);
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void removeTarget(String source) throws StoreException {
        Objects.requireNonNull(source, "source");
        database.write("remove the target of " + source, c -> {
            update(c, "DELETE FROM target_app WHERE source = ?", source);
            update(c, "DELETE FROM target WHERE source = ?", source);
            return null;
        });
    }

    @Override
    public Optional<String> value(String key) throws StoreException {
        Objects.requireNonNull(key, "key");
        return database.read("read the value " + key, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT value FROM config WHERE key = ?")) {
                select.setString(1, key);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void putValue(String key, String value) throws StoreException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        database.write("store the value " + key, c -> update(c, """
                INSERT INTO config (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value""", key, value));
    }

    @Override
    public void removeValue(String key) throws StoreException {
        Objects.requireNonNull(key, "key");
        database.write("remove the value " + key, c -> update(c, "DELETE FROM config WHERE key = ?", key));
    }

    @Override
    public List<ImageRecord> images() throws StoreException {
        return database.read("read the images", c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT name, app_id, app_uuid, service_id, service_name, image_id, release_id, release_commit,
                           docker_image_id
                    FROM image ORDER BY id""");
                    ResultSet rows = select.executeQuery()) {
                List<ImageRecord> images = new ArrayList<>();
                while (rows.next()) {
                    images.add(new ImageRecord(rows.getString(1), rows.getLong(2), rows.getString(3),
                            rows.getLong(4), rows.getString(5), rows.getLong(6), rows.getLong(7), rows.getString(8),
                            Optional.ofNullable(rows.getString(9))));
                }
                return images;
            }
        });
    }

    @Override
    public void putImage(ImageRecord image) throws StoreException {
        Objects.requireNonNull(image, "image");
        // An update in place keeps the record's first position in images().
        database.write("record the image " + image.name(), c -> update(c, """
                INSERT INTO image (name, app_id, app_uuid, service_id, service_name, image_id, release_id,
                                   release_commit, docker_image_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name, app_uuid, service_name) DO UPDATE SET app_id = excluded.app_id,
                    service_id = excluded.service_id, image_id = excluded.image_id,
                    release_id = excluded.release_id, release_commit = excluded.release_commit,
                    docker_image_id = excluded.docker_image_id""", image.name(), image.appId(), image.appUuid(),
                image.serviceId(), image.serviceName(), image.imageId(), image.releaseId(), image.commit(),
                image.dockerImageId().orElse(null)));
    }

    @Override
    public int removeImages(String name) throws StoreException {
        Objects.requireNonNull(name, "name");
        return database.write("remove the image " + name, c -> update(c, "DELETE FROM image WHERE name = ?", name));
    }

    @Override
    public Map<Long, String> currentCommits() throws StoreException {
        return pairs("read the current commits", "SELECT app_id, release_commit FROM current_commit ORDER BY app_id",
                rows -> rows.getLong(1));
    }

    @Override
    public void putCurrentCommit(long appId, String commit) throws StoreException {
        Objects.requireNonNull(commit, "commit");
        database.write("record the current commit of app " + appId, c -> update(c, """
                INSERT INTO current_commit (app_id, release_commit) VALUES (?, ?)
                ON CONFLICT (app_id) DO UPDATE SET release_commit = excluded.release_commit""", appId, commit));
    }

    @Override
    public void removeCurrentCommit(long appId) throws StoreException {
        database.write("remove the current commit of app " + appId,
                c -> update(c, "DELETE FROM current_commit WHERE app_id = ?", appId));
    }

    @Override
    public List<ApiKey> apiKeys() throws StoreException {
        record Row(long appId, Optional<String> serviceName, String key, List<String> scopes) {
        }
        return database.read("read the API keys", c -> {
            Map<Long, Row> keys = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT k.id, k.app_id, k.service_name, k.key, s.scope
                    FROM api_key k LEFT JOIN api_key_scope s ON s.api_key_id = k.id
                    ORDER BY k.id, s.position""");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Row key = keys.get(rows.getLong(1));
                    if (key == null) {
                        key = new Row(rows.getLong(2), Optional.ofNullable(rows.getString(3)), rows.getString(4),
                                new ArrayList<>());
                        keys.put(rows.getLong(1), key);
                    }
                    String scope = rows.getString(5);
                    if (scope != null) {
                        key.scopes().add(scope);
                    }
                }
            }
            return keys.values().stream().map(k -> new ApiKey(k.appId(), k.serviceName(), k.key(), k.scopes()))
                    .toList();
        });
    }

    @Override
    public void putApiKey(ApiKey key) throws StoreException {
        Objects.requireNonNull(key, "key");
        database.write("store the API key of " + owner(key.appId(), key.serviceName()), c -> {
            deleteApiKey(c, key.appId(), key.serviceName());
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO api_key (app_id, service_name, key) VALUES (?, ?, ?)")) {
                insert.setLong(1, key.appId());
                insert.setString(2, key.serviceName().orElse(null));
                insert.setString(3, key.key());
                insert.executeUpdate();
            }
            long id;
            try (PreparedStatement last = c.prepareStatement("SELECT last_insert_rowid()");
                    ResultSet rows = last.executeQuery()) {
                rows.next();
                id = rows.getLong(1);
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO api_key_scope (api_key_id, position, scope) VALUES (?, ?, ?)")) {
                for (int i = 0; i < key.scopes().size(); i++) {
                    insert.setLong(1, id);
                    insert.setInt(2, i);
                    insert.setString(3, key.scopes().get(i));
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void removeApiKey(long appId, Optional<String> serviceName) throws StoreException {
        Optional<String> service = serviceName == null ? Optional.empty() : serviceName;
        database.write("remove the API key of " + owner(appId, service), c -> deleteApiKey(c, appId, service));
    }

    /** Deletes the key of one owner; its scopes go with it (foreign key, ON DELETE CASCADE). */
    private static int deleteApiKey(Connection c, long appId, Optional<String> serviceName) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM api_key WHERE app_id = ? AND service_name IS ?")) {
            delete.setLong(1, appId);
            delete.setString(2, serviceName.orElse(null));
            return delete.executeUpdate();
        }
    }

    private static String owner(long appId, Optional<String> serviceName) {
        return serviceName.map(s -> "service " + s + " of app " + appId)
                .orElse(appId == 0 ? "the device (global key)" : "app " + appId);
    }

    @Override
    public Optional<EngineSnapshot> engineSnapshot() throws StoreException {
        return database.read("read the engine snapshot", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT snapshot, taken_at FROM engine_snapshot WHERE id = 1");
                    ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new EngineSnapshot(rows.getString(1),
                        Instant.parse(rows.getString(2)))) : Optional.empty();
            }
        });
    }

    @Override
    public void putEngineSnapshot(String json, Instant takenAt) throws StoreException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(takenAt, "takenAt");
        database.write("store the engine snapshot", c -> update(c, """
                INSERT INTO engine_snapshot (id, snapshot, taken_at) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, taken_at = excluded.taken_at""",
                json, takenAt.toString()));
    }

    @Override
    public void removeEngineSnapshot() throws StoreException {
        database.write("remove the engine snapshot", c -> update(c, "DELETE FROM engine_snapshot"));
    }

    @Override
    public Map<String, String> deviceConfigTarget() throws StoreException {
        return pairs("read the device configuration target",
                "SELECT name, value FROM device_config_target ORDER BY position", rows -> rows.getString(1));
    }

    @Override
    public void putDeviceConfigTarget(Map<String, String> values) throws StoreException {
        Objects.requireNonNull(values, "values");
        Map<String, String> copy = new LinkedHashMap<>(values);
        database.write("replace the device configuration target", c -> {
            update(c, "DELETE FROM device_config_target");
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO device_config_target (name, value, position) VALUES (?, ?, ?)")) {
                int position = 0;
                for (Map.Entry<String, String> entry : copy.entrySet()) {
                    insert.setString(1, entry.getKey());
                    insert.setString(2, entry.getValue());
                    insert.setInt(3, position++);
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Reads two-column rows into a map in row order: the key from the first column, the text of the second. */
    private <K> Map<K, String> pairs(String what, String sql, KeyColumn<K> key) throws StoreException {
        return database.read(what, c -> {
            try (PreparedStatement select = c.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
                Map<K, String> out = new LinkedHashMap<>();
                while (rows.next()) {
                    out.put(key.read(rows), rows.getString(2));
                }
                return out;
            }
        });
    }

    private interface KeyColumn<K> {
        K read(ResultSet rows) throws SQLException;
    }
}
