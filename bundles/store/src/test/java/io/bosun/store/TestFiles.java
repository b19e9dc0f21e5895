package io.bosun.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sqlite.SQLiteConfig;

/** Direct SQL on database files, beside the store, to set up and inspect what is on disk. */
final class TestFiles {
    /** Every table of the latest schema. */
    static final Set<String> LATEST_TABLES = Set.of("target", "image", "current_commit", "api_key",
            "api_key_scope", "record", "record_member", "record_entry");

    private TestFiles() {
    }

    /** A plain connection, with none of the store's checks. */
    static Connection connect(Path file) throws SQLException {
        return new SQLiteConfig().createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** A file at {@code version} of Bosun's schema, made by running only the migrations up to it. */
    static void createAtVersion(Path file, int version) throws SQLException {
        try (Connection c = connect(file)) {
            Migrations.BOSUN.apply(c, version);
        }
    }

    static int userVersion(Path file) throws SQLException {
        try (Connection c = connect(file)) {
            return Migrations.userVersion(c);
        }
    }

    static Set<String> tables(Connection c) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    static Set<String> tables(Path file) throws SQLException {
        try (Connection c = connect(file)) {
            return tables(c);
        }
    }

    static String integrityCheck(Path file) throws SQLException {
        try (Connection c = connect(file); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("PRAGMA integrity_check")) {
            List<String> lines = new ArrayList<>();
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
            return String.join("; ", lines);
        }
    }

    /** Every row of a query, each as a list of its columns' text. */
    static List<List<String>> rows(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<List<String>> result = new ArrayList<>();
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rows.getString(i));
                    }
                    result.add(row);
                }
                return result;
            }
        }
    }

    static List<List<String>> rows(Path file, String sql, Object... parameters) throws SQLException {
        try (Connection c = connect(file)) {
            return rows(c, sql, parameters);
        }
    }

    /** Runs statements on the file, beside the store (e.g. as another process or a sqlite3 shell would). */
    static void execute(Path file, String... statements) throws SQLException {
        try (Connection c = connect(file); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
