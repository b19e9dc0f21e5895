package io.bosun.store;

import io.bosun.spi.store.ImageRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code image} and {@code current_commit} tables as one immutable copy (what {@link CachedTables} keeps for
 * the release records).
 *
 * @param images in the order they were recorded
 * @param commits by app id, in app id order
 */
record Releases(List<ImageRecord> images, Map<Long, String> commits) {
    Releases {
        images = List.copyOf(images);
        commits = Collections.unmodifiableMap(new LinkedHashMap<>(commits));
    }

    /** Reads both tables (on the connection of the transaction it runs in). */
    static Releases read(Connection c) throws SQLException {
        List<ImageRecord> images = Sql.query(c, """
                SELECT name, app_id, app_uuid, service_id, service_name, image_id, release_id, release_commit,
                       docker_image_id
                FROM image ORDER BY id""", row -> new ImageRecord(row.getString(1), row.getLong(2),
                row.getString(3), row.getLong(4), row.getString(5), row.getLong(6), row.getLong(7),
                row.getString(8), Optional.ofNullable(row.getString(9))));
        Map<Long, String> commits = new LinkedHashMap<>();
        for (Map.Entry<Long, String> commit : Sql.query(c,
                "SELECT app_id, release_commit FROM current_commit ORDER BY app_id",
                row -> Map.entry(row.getLong(1), row.getString(2)))) {
            commits.put(commit.getKey(), commit.getValue());
        }
        return new Releases(images, commits);
    }
}
