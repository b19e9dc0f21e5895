package io.bosun.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The numbered schema history of the store, tracked by {@code PRAGMA user_version} (0 for a new file). Each
 * pending migration runs in its own transaction together with the version bump, so a crash leaves the file at
 * the last whole step. See docs/store.md for how to add one.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** What the first StateStore contract held: supervisor key/values and the stored target. */
    static final Migration KEY_VALUES_AND_TARGET = new Migration(1, "key/values and the stored target", List.of(
            """
            CREATE TABLE config (
                key   TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            )""",
            // One row at most: the target is replaced whole, never merged.
            """
            CREATE TABLE target (
                id          INTEGER PRIMARY KEY CHECK (id = 1),
                device_uuid TEXT NOT NULL,
                source      TEXT NOT NULL,
                document    TEXT NOT NULL,
                stored_at   TEXT NOT NULL
            )"""));

    /** The rest of balena's persisted state that Bosun needs (spec §7), and the target's apps as rows. */
    static final Migration SUPERVISOR_STATE = new Migration(2, "target apps, images, commits, API keys, engine "
            + "snapshot, device configuration", List.of(
            // The stored target's apps, written in the same transaction as the document, so that apps can be
            // queried by source (e.g. "forget the cloud's apps when the endpoint changes") without decoding it.
            """
            CREATE TABLE target_app (
                uuid           TEXT PRIMARY KEY NOT NULL,
                app_id         INTEGER NOT NULL,
                name           TEXT NOT NULL,
                class          TEXT NOT NULL,
                release_commit TEXT,
                release_id     INTEGER,
                source         TEXT NOT NULL
            )""",
            "CREATE INDEX target_app_by_source ON target_app (source)",
            // A target stored by version 1 gets its rows here, read from the v3 document with SQLite's JSON
            // functions: the document's only entry is the device, and an app's release is its first one.
            """
            INSERT INTO target_app (uuid, app_id, name, class, release_commit, release_id, source)
            SELECT app.key,
                   json_extract(app.value, '$.id'),
                   json_extract(app.value, '$.name'),
                   coalesce(json_extract(app.value, '$.class'), 'fleet'),
                   (SELECT release.key FROM json_each(app.value, '$.releases') AS release
                    ORDER BY release.id LIMIT 1),
                   (SELECT json_extract(release.value, '$.id') FROM json_each(app.value, '$.releases') AS release
                    ORDER BY release.id LIMIT 1),
                   target.source
            FROM target, json_each(target.document) AS device, json_each(device.value, '$.apps') AS app
            WHERE device.key = target.device_uuid""",
            """
            CREATE TABLE image (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                name            TEXT NOT NULL,
                app_id          INTEGER NOT NULL,
                app_uuid        TEXT NOT NULL,
                service_id      INTEGER NOT NULL,
                service_name    TEXT NOT NULL,
                image_id        INTEGER NOT NULL,
                release_id      INTEGER NOT NULL,
                release_commit  TEXT NOT NULL,
                docker_image_id TEXT,
                UNIQUE (name, app_uuid, service_name)
            )""",
            """
            CREATE TABLE current_commit (
                app_id         INTEGER PRIMARY KEY NOT NULL,
                release_commit TEXT NOT NULL
            )""",
            // service_name NULL is the app-wide key (app 0: the global key). SQLite's UNIQUE treats NULLs as
            // distinct, so the one-key-per-owner rule is an index on the name with NULL folded to ''.
            """
            CREATE TABLE api_key (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                app_id       INTEGER NOT NULL,
                service_name TEXT CHECK (service_name <> ''),
                key          TEXT NOT NULL
            )""",
            "CREATE UNIQUE INDEX api_key_owner ON api_key (app_id, ifnull(service_name, ''))",
            """
            CREATE TABLE api_key_scope (
                api_key_id INTEGER NOT NULL REFERENCES api_key (id) ON DELETE CASCADE,
                position   INTEGER NOT NULL,
                scope      TEXT NOT NULL,
                PRIMARY KEY (api_key_id, position)
            )""",
            """
            CREATE TABLE engine_snapshot (
                id       INTEGER PRIMARY KEY CHECK (id = 1),
                snapshot TEXT NOT NULL,
                taken_at TEXT NOT NULL
            )""",
            """
            CREATE TABLE device_config_target (
                name     TEXT PRIMARY KEY NOT NULL,
                value    TEXT NOT NULL,
                position INTEGER NOT NULL
            )"""));

    /**
     * One target per source (spec §5.3): a device in local mode keeps the cloud's target beside the local one.
     * SQLite cannot change a primary key in place, so both tables are copied into their new shape.
     */
    static final Migration TARGET_PER_SOURCE = new Migration(3, "one stored target per source", List.of(
            // stored_seq orders the targets by when they were stored (the text times do not sort reliably).
            """
            CREATE TABLE target_by_source (
                source      TEXT PRIMARY KEY NOT NULL,
                device_uuid TEXT NOT NULL,
                document    TEXT NOT NULL,
                stored_at   TEXT NOT NULL,
                stored_seq  INTEGER NOT NULL
            )""",
            """
            INSERT INTO target_by_source (source, device_uuid, document, stored_at, stored_seq)
            SELECT source, device_uuid, document, stored_at, 1 FROM target""",
            "DROP TABLE target",
            "ALTER TABLE target_by_source RENAME TO target",
            """
            CREATE TABLE target_app_v3 (
                source         TEXT NOT NULL,
                uuid           TEXT NOT NULL,
                app_id         INTEGER NOT NULL,
                name           TEXT NOT NULL,
                class          TEXT NOT NULL,
                release_commit TEXT,
                release_id     INTEGER,
                PRIMARY KEY (source, uuid)
            )""",
            """
            INSERT INTO target_app_v3 (source, uuid, app_id, name, class, release_commit, release_id)
            SELECT source, uuid, app_id, name, class, release_commit, release_id FROM target_app""",
            "DROP TABLE target_app",
            "ALTER TABLE target_app_v3 RENAME TO target_app"));

    /**
     * Each table gets one owner (spi 2.0): the shared key/values become typed records in namespaces, the engine
     * snapshot becomes the reconciler's record, and what nothing reads goes. Values that cannot be moved (tags or
     * a snapshot that are not a JSON object) are dropped rather than failing the migration, which would leave the
     * store unable to open; nothing could have read them either.
     */
    static final Migration RECORDS_BY_OWNER = new Migration(4, "records by owner; the target sequence never "
            + "reused", List.of(
            """
            CREATE TABLE record (
                namespace TEXT NOT NULL,
                key       TEXT NOT NULL,
                value     TEXT NOT NULL,
                PRIMARY KEY (namespace, key)
            )""",
            """
            CREATE TABLE record_member (
                namespace TEXT NOT NULL,
                key       TEXT NOT NULL,
                member    TEXT NOT NULL,
                PRIMARY KEY (namespace, key, member)
            )""",
            // position: the order entries were first set in, which entries() keeps.
            """
            CREATE TABLE record_entry (
                namespace TEXT NOT NULL,
                key       TEXT NOT NULL,
                name      TEXT NOT NULL,
                value     TEXT NOT NULL,
                position  INTEGER NOT NULL,
                PRIMARY KEY (namespace, key, name)
            )""",
            """
            INSERT INTO record (namespace, key, value)
            SELECT 'reconciler', 'local-mode', value FROM config WHERE key = 'reconciler.local-mode'
            UNION ALL
            SELECT 'host', 'proxy', value FROM config WHERE key = 'host.proxy'""",
            // The comma-joined container ids, split into members (blank pieces were never ids).
            """
            WITH RECURSIVE split (member, rest) AS (
                SELECT NULL, value || ',' FROM config WHERE key = 'reconciler.pending-kills'
                UNION ALL
                SELECT substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1)
                FROM split WHERE rest <> ''
            )
            INSERT OR IGNORE INTO record_member (namespace, key, member)
            SELECT 'reconciler', 'pending-kills', member FROM split WHERE trim(member) <> ''""",
            // The tags' JSON object, in document order. CASE, not AND, guards the JSON functions: SQLite may
            // evaluate both sides of an AND, and they raise an error on text that is not JSON. OR IGNORE skips a
            // null value or a repeated name instead of failing.
            """
            WITH tags (document) AS (
                SELECT CASE WHEN json_valid(value) THEN
                           CASE WHEN json_type(value) = 'object' THEN value ELSE '{}' END
                       ELSE '{}' END
                FROM config WHERE key = 'device.tags'
            )
            INSERT OR IGNORE INTO record_entry (namespace, key, name, value, position)
            SELECT 'device', 'tags', tag.key, tag.value, row_number() OVER (ORDER BY tag.id) - 1
            FROM tags, json_each(tags.document) AS tag""",
            // The snapshot keeps its time inside it; a NULL (not an object) is skipped by OR IGNORE.
            """
            INSERT OR IGNORE INTO record (namespace, key, value)
            SELECT 'reconciler', 'engine-snapshot',
                   CASE WHEN json_valid(snapshot) THEN
                       CASE WHEN json_type(snapshot) = 'object' THEN json_set(snapshot, '$.takenAt', taken_at) END
                   END
            FROM engine_snapshot""",
            // stored_seq becomes an AUTOINCREMENT rowid: SQLite then never gives a number twice, even after the
            // latest target was removed (max + 1 would). The numbers stored so far are unique and kept.
            """
            CREATE TABLE target_v4 (
                stored_seq  INTEGER PRIMARY KEY AUTOINCREMENT,
                source      TEXT NOT NULL UNIQUE,
                device_uuid TEXT NOT NULL,
                document    TEXT NOT NULL,
                stored_at   TEXT NOT NULL
            )""",
            """
            INSERT INTO target_v4 (stored_seq, source, device_uuid, document, stored_at)
            SELECT stored_seq, source, device_uuid, document, stored_at FROM target""",
            "DROP TABLE target",
            "ALTER TABLE target_v4 RENAME TO target",
            "DROP TABLE config",
            "DROP TABLE engine_snapshot",
            "DROP TABLE target_app",
            "DROP TABLE device_config_target"));

    /** Bosun's schema history, oldest first. */
    static final Migrations BOSUN = new Migrations(List.of(KEY_VALUES_AND_TARGET, SUPERVISOR_STATE,
            TARGET_PER_SOURCE, RECORDS_BY_OWNER));

    private final List<Migration> steps;

    /** @param steps numbered 1, 2, 3... in order (tests pass a shortened or broken history) */
    Migrations(List<Migration> steps) {
        this.steps = List.copyOf(steps);
        for (int i = 0; i < this.steps.size(); i++) {
            if (this.steps.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration " + (i + 1) + " is numbered "
                        + this.steps.get(i).version());
            }
        }
    }

    /** The schema version after every migration. */
    int latest() {
        return steps.size();
    }

    List<Migration> steps() {
        return steps;
    }

    /**
     * Takes the database to {@code upTo}, one transaction per migration. The caller has checked that the file
     * is not newer than {@link #latest()}.
     */
    void apply(Connection connection, int upTo) throws SQLException {
        int found = userVersion(connection);
        for (Migration migration : steps.subList(Math.min(found, upTo), upTo)) {
            try (Statement statement = connection.createStatement()) {
                // IMMEDIATE takes the write lock first, so two processes opening one file cannot both migrate.
                statement.execute("BEGIN IMMEDIATE");
                boolean done = false;
                boolean applied = false;
                try {
                    if (userVersion(connection) < migration.version()) {
                        for (String sql : migration.statements()) {
                            statement.execute(sql);
                        }
                        statement.execute("PRAGMA user_version = " + migration.version());
                        applied = true;
                    }
                    statement.execute("COMMIT");
                    done = true;
                } catch (SQLException e) {
                    // Keeps SQLite's code, so that a corrupt file is still recognised as such by the caller.
                    throw new SQLException("migration " + migration.version() + " (" + migration.description()
                            + "): " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
                } finally {
                    if (!done) {
                        Database.rollbackQuietly(connection);
                    }
                }
                if (applied) {
                    LOG.info("Store schema migrated to version {}: {}", migration.version(),
                            migration.description());
                }
            }
        }
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
