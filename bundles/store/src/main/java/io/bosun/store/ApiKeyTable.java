package io.bosun.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the {@code api_key} and {@code api_key_scope} tables; every method runs in the caller's transaction. */
final class ApiKeyTable {
    private ApiKeyTable() {
    }

    /** Every key with its scopes, oldest first. */
    static List<StoredKey> read(Connection c) throws SQLException {
        record Row(long id, long appId, Optional<String> serviceName, String key, String scope) {
        }
        List<Row> rows = Sql.query(c, """
                SELECT k.id, k.app_id, k.service_name, k.key, s.scope
                FROM api_key k LEFT JOIN api_key_scope s ON s.api_key_id = k.id
                ORDER BY k.id, s.position""", row -> new Row(row.getLong(1), row.getLong(2),
                Optional.ofNullable(row.getString(3)), row.getString(4), row.getString(5)));
        Map<Long, List<String>> scopes = new LinkedHashMap<>();
        Map<Long, Row> keys = new LinkedHashMap<>();
        for (Row row : rows) {
            keys.putIfAbsent(row.id(), row);
            List<String> of = scopes.computeIfAbsent(row.id(), id -> new ArrayList<>());
            if (row.scope() != null) {
                of.add(row.scope());
            }
        }
        return keys.values().stream().map(k -> new StoredKey(k.id(), k.appId(), k.serviceName(), k.key(),
                scopes.get(k.id()))).toList();
    }

    /** Adds the key of an owner that has none (the unique index refuses a second one). */
    static void insert(Connection c, long appId, Optional<String> serviceName, String key, List<String> scopes)
            throws SQLException {
        Sql.update(c, "INSERT INTO api_key (app_id, service_name, key) VALUES (?, ?, ?)", appId,
                serviceName.orElse(null), key);
        long id = Sql.query(c, "SELECT last_insert_rowid()", row -> row.getLong(1)).get(0);
        for (int i = 0; i < scopes.size(); i++) {
            Sql.update(c, "INSERT INTO api_key_scope (api_key_id, position, scope) VALUES (?, ?, ?)", id, i,
                    scopes.get(i));
        }
    }

    /** Replaces the secret of a key, if it is still {@code old}; its owner and scopes stay. */
    static boolean replaceSecret(Connection c, long id, String old, String fresh) throws SQLException {
        return Sql.update(c, "UPDATE api_key SET key = ? WHERE id = ? AND key = ?", fresh, id, old) == 1;
    }

    /** Deletes a key; its scopes go with it (foreign key, ON DELETE CASCADE). */
    static void delete(Connection c, long id) throws SQLException {
        Sql.update(c, "DELETE FROM api_key WHERE id = ?", id);
    }
}
