package io.bosun.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Recognises a corrupt database file and moves it aside, with its companions, so a fresh one can be made. */
final class Corruption {
    /** SQLite's primary result codes for a damaged file and for a file that is not a database at all. */
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    /** The files SQLite keeps beside a database; they belong to it and move with it. */
    private static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal");

    /** Basic ISO form, without colons, so that the name is valid on every file system. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private Corruption() {
    }

    /** Whether SQLite said the file is damaged or not a database (extended codes keep the primary code low). */
    static boolean isCorruption(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                int primary = sql.getErrorCode() & 0xff;
                if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Moves {@code database} to {@code <name>.corrupt-<UTC timestamp>} and its {@code -wal}, {@code -shm} and
     * {@code -journal} files to the same name with their suffix, so that SQLite can still open the set for a
     * post-mortem. A second corruption in the same second gets a counter after the timestamp.
     *
     * @return where the database went
     */
    static Path moveAside(Path database, Clock clock) throws IOException {
        String base = database.getFileName() + ".corrupt-" + STAMP.format(clock.instant());
        Path aside = database.resolveSibling(base);
        for (int n = 2; taken(aside); n++) {
            aside = database.resolveSibling(base + "-" + n);
        }
        Files.move(database, aside);
        for (String suffix : COMPANIONS) {
            Path companion = database.resolveSibling(database.getFileName() + suffix);
            if (Files.exists(companion)) {
                Files.move(companion, aside.resolveSibling(aside.getFileName() + suffix));
            }
        }
        return aside;
    }

    private static boolean taken(Path aside) {
        if (Files.exists(aside)) {
            return true;
        }
        for (String suffix : COMPANIONS) {
            if (Files.exists(aside.resolveSibling(aside.getFileName() + suffix))) {
                return true;
            }
        }
        return false;
    }
}
