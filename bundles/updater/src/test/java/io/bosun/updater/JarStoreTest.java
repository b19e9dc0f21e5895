package io.bosun.updater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarStoreTest {
    private static final CandidateJar A = Jars.candidate("com.vendor.a", "1.0.0");
    private static final CandidateJar B = Jars.candidate("com.vendor.b", "1.0.0");
    private static final CandidateJar C = Jars.candidate("com.vendor.c", "1.0.0");

    @TempDir
    Path dir;

    private Path folder() {
        return dir.resolve("jars");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.toList();
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void aJarPutInOpensToTheSameBytes() throws IOException {
        JarStore store = new JarStore(folder());

        store.put(A);

        assertTrue(store.has(A.digest()));
        assertArrayEquals(A.bytes(), read(store.open(A.digest())));
    }

    @Test
    void aJarDamagedOnDiskDoesNotOpen() throws IOException {
        JarStore store = new JarStore(folder());
        store.put(A);
        Path file = files().get(0);
        Files.write(file, B.bytes()); // a whole jar, but not the one of that digest

        IOException e = assertThrows(IOException.class, () -> store.open(A.digest()));

        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void puttingAJarAgainRepairsACopyDamagedOnDisk() throws IOException {
        JarStore store = new JarStore(folder());
        store.put(A);
        Files.write(files().get(0), B.bytes());

        store.put(A);

        assertArrayEquals(A.bytes(), read(store.open(A.digest())));
    }

    @Test
    void aJarNeverPutDoesNotOpen() {
        JarStore store = new JarStore(folder());

        assertFalse(store.has(A.digest()));
        assertThrows(IOException.class, () -> store.open(A.digest()));
    }

    @Test
    void keepOnlyDeletesTheOtherJars() throws IOException {
        JarStore store = new JarStore(folder());
        store.put(A);
        store.put(B);
        store.put(C);

        store.keepOnly(Set.of(A.digest(), C.digest()));

        assertTrue(store.has(A.digest()));
        assertFalse(store.has(B.digest()));
        assertTrue(store.has(C.digest()));
        assertEquals(2, files().size());
        assertArrayEquals(C.bytes(), read(store.open(C.digest())));
    }

    @Test
    void keepOnlyDeletesTheLeftoversOfACutShortWriteButNotForeignFiles() throws IOException {
        JarStore store = new JarStore(folder());
        store.put(A);
        Path leftover = Files.writeString(folder().resolve("." + A.digest() + ".jar12345.tmp"), "half");
        Path foreign = Files.writeString(folder().resolve("README"), "not a jar");

        store.keepOnly(Set.of(A.digest()));

        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(foreign));
        assertTrue(store.has(A.digest()));
    }

    @Test
    void keepOnlyOfAStoreNeverWrittenDoesNothing() {
        assertDoesNotThrow(() -> new JarStore(folder()).keepOnly(Set.of()));
        assertFalse(Files.exists(folder()));
    }
}
