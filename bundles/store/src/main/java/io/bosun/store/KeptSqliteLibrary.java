package io.bosun.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/**
 * sqlite-jdbc's native library, extracted once per version into the data folder and loaded from there.
 *
 * <p>Left to itself, sqlite-jdbc writes its 1 MB library to {@code /tmp} under a new name at every start and reads
 * it back byte by byte to compare (about 40 ms of CPU while the device API answers its first requests, and a
 * megabyte of flash written per start). Here the first start copies it to
 * {@code <data>/native/sqlite-<version>-<os>-<arch>/}, through a temporary file and a rename so that a copy cut
 * short is never taken for whole, and points sqlite-jdbc at it ({@code org.sqlite.lib.path}). If that copy cannot
 * be loaded (it was damaged, or another class loader holds it), sqlite-jdbc falls back to its own extraction: the
 * store opens either way. An operator's own {@code org.sqlite.lib.path} is left alone.
 */
final class KeptSqliteLibrary {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final Logger LOG = LoggerFactory.getLogger(KeptSqliteLibrary.class);

    private KeptSqliteLibrary() {
    }

    /** Makes sure the library is kept under {@code nativeFolder} and that sqlite-jdbc will load it from there. */
    static synchronized void useFrom(Path nativeFolder) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String name = LibraryLoaderUtil.getNativeLibName();
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        Path folder = nativeFolder.resolve("sqlite-" + SQLiteJDBCLoader.getVersion() + "-"
                + OSInfo.getNativeLibFolderPathForCurrentOS().replace('/', '-'));
        Path library = folder.resolve(name);
        try {
            if (!Files.isRegularFile(library)) {
                try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        return; // no library for this platform in the jar: sqlite-jdbc says so itself
                    }
                    Files.createDirectories(folder);
                    Path part = Files.createTempFile(folder, name, ".part");
                    try {
                        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(part, library, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(part);
                    }
                }
            }
            System.setProperty(PATH_PROPERTY, folder.toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot keep the SQLite library in {}; sqlite-jdbc extracts it itself: {}", folder, e.toString());
        }
    }
}
