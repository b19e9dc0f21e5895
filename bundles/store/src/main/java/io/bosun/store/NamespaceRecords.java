package io.bosun.store;

import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * One namespace's {@link Records}, as rows: a text in {@code record}, a set's members in {@code record_member}, a
 * map's entries in {@code record_entry} (with the position each was first set at). A key holds one type at a time:
 * a write of another type than the key holds fails and changes nothing, so {@link #remove} never has to guess.
 * Every write is one transaction on the database's single writer.
 */
final class NamespaceRecords implements Records {

    /** The three types of record, and where each keeps its rows. */
    private enum Type {
        TEXT("record", "a text"), SET("record_member", "a set of members"), MAP("record_entry", "a map of entries");

        final String table;
        final String description;

        Type(String table, String description) {
            this.table = table;
            this.description = description;
        }
    }

    private final String namespace;
    private final ConfiguredDatabase database;

    NamespaceRecords(String namespace, ConfiguredDatabase database) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Optional<String> get(String key) throws StoreException {
        return database.database().read("read " + name(key), c -> text(c, key));
    }

    @Override
    public void put(String key, String value) throws StoreException {
        Objects.requireNonNull(value, "value");
        database.database().write("set " + name(key), c -> {
            requireType(c, key, Type.TEXT);
            return putText(c, key, value);
        });
    }

    /** {@code change} runs inside the write transaction: it must be quick and must not call the store. */
    @Override
    public Optional<String> update(String key, UnaryOperator<Optional<String>> change) throws StoreException {
        Objects.requireNonNull(change, "change");
        return database.database().write("update " + name(key), c -> {
            Optional<String> changed = Objects.requireNonNull(change.apply(text(c, key)),
                    "the change of " + name(key) + " gave null, not an Optional");
            if (changed.isPresent()) {
                requireType(c, key, Type.TEXT);
                putText(c, key, changed.get());
            } else {
                Sql.update(c, "DELETE FROM record WHERE namespace = ? AND key = ?", namespace, key);
            }
            return changed;
        });
    }

    @Override
    public void remove(String key) throws StoreException {
        database.database().write("remove " + name(key), c -> {
            for (Type type : Type.values()) {
                Sql.update(c, "DELETE FROM " + type.table + " WHERE namespace = ? AND key = ?", namespace, key);
            }
            return null;
        });
    }

    @Override
    public Set<String> members(String key) throws StoreException {
        // Sorted here, not by SQLite: its byte order is not Java's String order for every character.
        List<String> members = database.database().read("read the members of " + name(key), c -> members(c, key));
        return Collections.unmodifiableSortedSet(new TreeSet<>(members));
    }

    @Override
    public boolean addMember(String key, String member) throws StoreException {
        Objects.requireNonNull(member, "member");
        return database.database().write("add a member to " + name(key), c -> {
            requireType(c, key, Type.SET);
            return Sql.update(c, "INSERT OR IGNORE INTO record_member (namespace, key, member) VALUES (?, ?, ?)",
                    namespace, key, member) == 1;
        });
    }

    @Override
    public boolean removeMember(String key, String member) throws StoreException {
        Objects.requireNonNull(member, "member");
        return database.database().write("remove a member of " + name(key), c -> Sql.update(c,
                "DELETE FROM record_member WHERE namespace = ? AND key = ? AND member = ?", namespace, key,
                member) == 1);
    }

    @Override
    public void retainMembers(String key, Collection<String> kept) throws StoreException {
        Set<String> keep = new HashSet<>(Objects.requireNonNull(kept, "kept"));
        database.database().write("keep some members of " + name(key), c -> {
            for (String member : members(c, key)) {
                if (!keep.contains(member)) {
                    Sql.update(c, "DELETE FROM record_member WHERE namespace = ? AND key = ? AND member = ?",
                            namespace, key, member);
                }
            }
            return null;
        });
    }

    @Override
    public Map<String, String> entries(String key) throws StoreException {
        List<Map.Entry<String, String>> rows = database.database().read("read the entries of " + name(key),
                c -> Sql.query(c, "SELECT name, value FROM record_entry WHERE namespace = ? AND key = ? "
                        + "ORDER BY position", row -> Map.entry(row.getString(1), row.getString(2)), namespace, key));
        Map<String, String> entries = new LinkedHashMap<>();
        rows.forEach(e -> entries.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(entries);
    }

    @Override
    public void putEntries(String key, Map<String, String> entries) throws StoreException {
        Map<String, String> copy = new LinkedHashMap<>(Objects.requireNonNull(entries, "entries"));
        copy.forEach((name, value) -> {
            Objects.requireNonNull(name, "an entry's name");
            Objects.requireNonNull(value, "the value of entry " + name);
        });
        if (copy.isEmpty()) {
            return;
        }
        database.database().write("set entries of " + name(key), c -> {
            requireType(c, key, Type.MAP);
            for (Map.Entry<String, String> entry : copy.entrySet()) {
                // A new entry goes after the others; one that is there keeps its place.
                Sql.update(c, """
                        INSERT INTO record_entry (namespace, key, name, value, position)
                        VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), -1) + 1 FROM record_entry
                                                 WHERE namespace = ?1 AND key = ?2))
                        ON CONFLICT (namespace, key, name) DO UPDATE SET value = excluded.value""",
                        namespace, key, entry.getKey(), entry.getValue());
            }
            return null;
        });
    }

    private Optional<String> text(Connection c, String key) throws SQLException {
        return Sql.query(c, "SELECT value FROM record WHERE namespace = ? AND key = ?", row -> row.getString(1),
                namespace, key).stream().findFirst();
    }

    private int putText(Connection c, String key, String value) throws SQLException {
        return Sql.update(c, """
                INSERT INTO record (namespace, key, value) VALUES (?, ?, ?)
                ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value""", namespace, key, value);
    }

    private List<String> members(Connection c, String key) throws SQLException {
        return Sql.query(c, "SELECT member FROM record_member WHERE namespace = ? AND key = ?",
                row -> row.getString(1), namespace, key);
    }

    /** Refuses to write {@code wanted} under a key that holds another type (the transaction then rolls back). */
    private void requireType(Connection c, String key, Type wanted) throws SQLException {
        for (Type type : Type.values()) {
            if (type != wanted && !Sql.query(c, "SELECT 1 FROM " + type.table + " WHERE namespace = ? AND key = ? "
                    + "LIMIT 1", row -> true, namespace, key).isEmpty()) {
                throw new SQLException(name(key) + " holds " + type.description + ", not " + wanted.description);
            }
        }
    }

    /** How a record is named in messages: {@code <namespace>/<key>}. */
    private String name(String key) {
        return namespace + "/" + Objects.requireNonNull(key, "key");
    }
}
