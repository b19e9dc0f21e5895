package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The native library is kept in the data folder, once per version, instead of being written to {@code /tmp} at each
 * start (where a killed process leaves every copy behind: 1 MB a start). The properties are the JVM's, so each test
 * puts back what it found.
 */
class KeptSqliteLibraryTest {
    @TempDir
    Path data;
    private String pathBefore;
    private String nameBefore;

    @BeforeEach
    void clearProperties() {
        pathBefore = System.clearProperty(KeptSqliteLibrary.PATH_PROPERTY);
        nameBefore = System.clearProperty(KeptSqliteLibrary.NAME_PROPERTY);
    }

    @AfterEach
    void restoreProperties() {
        restore(KeptSqliteLibrary.PATH_PROPERTY, pathBefore);
        restore(KeptSqliteLibrary.NAME_PROPERTY, nameBefore);
    }

    @Test
    void theFirstUseCopiesTheJarsLibraryIntoTheDataFolderAndPointsSqliteJdbcAtIt() throws Exception {
        KeptSqliteLibrary.useFrom(data.resolve("native"));

        Path folder = Path.of(System.getProperty(KeptSqliteLibrary.PATH_PROPERTY));
        assertTrue(folder.startsWith(data.resolve("native")), folder.toString());
        assertTrue(folder.getFileName().toString().startsWith("sqlite-" + SQLiteJDBCLoader.getVersion() + "-"),
                folder.toString());
        assertEquals(LibraryLoaderUtil.getNativeLibName(), System.getProperty(KeptSqliteLibrary.NAME_PROPERTY));
        assertArrayEquals(jarsLibrary(), Files.readAllBytes(folder.resolve(LibraryLoaderUtil.getNativeLibName())));
        assertEquals(List.of(LibraryLoaderUtil.getNativeLibName()), names(folder), "no partial copy is left");
    }

    @Test
    void aLaterStartUsesTheKeptCopyWithoutWritingItAgain() throws Exception {
        KeptSqliteLibrary.useFrom(data.resolve("native"));
        Path library = Path.of(System.getProperty(KeptSqliteLibrary.PATH_PROPERTY))
                .resolve(LibraryLoaderUtil.getNativeLibName());
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(library, old);
        System.clearProperty(KeptSqliteLibrary.PATH_PROPERTY);

        KeptSqliteLibrary.useFrom(data.resolve("native"));

        assertEquals(library.getParent().toString(), System.getProperty(KeptSqliteLibrary.PATH_PROPERTY));
        assertEquals(old, Files.getLastModifiedTime(library));
    }

    @Test
    void anOperatorsOwnLibraryPathIsLeftAlone() throws Exception {
        System.setProperty(KeptSqliteLibrary.PATH_PROPERTY, "/opt/vendor/sqlite");

        KeptSqliteLibrary.useFrom(data.resolve("native"));

        assertEquals("/opt/vendor/sqlite", System.getProperty(KeptSqliteLibrary.PATH_PROPERTY));
        assertNull(System.getProperty(KeptSqliteLibrary.NAME_PROPERTY));
        assertFalse(Files.exists(data.resolve("native")));
    }

    @Test
    void aFolderThatCannotBeMadeLeavesSqliteJdbcToExtractItself() throws Exception {
        Path file = Files.writeString(data.resolve("native"), "a file where the folder should be");

        KeptSqliteLibrary.useFrom(file);

        assertNull(System.getProperty(KeptSqliteLibrary.PATH_PROPERTY));
    }

    private static byte[] jarsLibrary() throws Exception {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            return in.readAllBytes();
        }
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
