package io.bosun.store;

import java.util.List;
import java.util.Objects;

/**
 * One step of the schema history: the statements that take a database from {@code version - 1} to
 * {@code version}. A migration, once released, is never edited: a later change is a new migration.
 *
 * @param version the schema version the database has after this step ({@code PRAGMA user_version})
 * @param description what the step adds, for logs and error messages
 * @param statements the SQL statements, run in order inside one transaction
 */
record Migration(int version, String description, List<String> statements) {
    Migration {
        Objects.requireNonNull(description, "description");
        statements = List.copyOf(statements);
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + version);
        }
    }
}
