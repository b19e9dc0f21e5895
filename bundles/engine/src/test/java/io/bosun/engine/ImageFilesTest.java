package io.bosun.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    private static final byte[] A = bytes(700);
    private static final byte[] B = "b".getBytes(StandardCharsets.UTF_8);

    private static Map<String, byte[]> read(byte[] tar, long maxBytes) throws EngineException {
        return ImageFiles.read(new ByteArrayInputStream(tar), "carrier:1", "/bundles", maxBytes);
    }

    /** What the engine sends for {@code /bundles}: every entry under the folder's own name. */
    private static Tar engineArchive() {
        return new Tar().dir("bundles/").file("bundles/a.jar", A).dir("bundles/sub/").file("bundles/sub/b.txt", B)
                .entry("bundles/link", '2', new byte[0], "a.jar").file("bundles/exact.bin", bytes(1024));
    }

    @Test
    void regularFilesAreKeptByTheirPathBelowTheFolder() throws EngineException {
        Map<String, byte[]> files = read(engineArchive().end(), 10_000);
        assertEquals(Set.of("a.jar", "sub/b.txt", "exact.bin"), files.keySet(), "directories and links left out");
        assertArrayEquals(A, files.get("a.jar"));
        assertArrayEquals(B, files.get("sub/b.txt"));
        assertArrayEquals(bytes(1024), files.get("exact.bin"));
    }

    @Test
    void anArchiveWithoutItsEndBlocksEndsAtItsLastEntry() throws EngineException {
        Map<String, byte[]> files = read(engineArchive().bytes(), 10_000);
        assertEquals(Set.of("a.jar", "sub/b.txt", "exact.bin"), files.keySet());
    }

    @Test
    void longNamesFromPaxGnuAndUstarPrefixesAreRead() throws EngineException {
        String deep = "d".repeat(120) + "/" + "e".repeat(90) + ".jar";
        String gnu = "g".repeat(150) + ".jar";
        String prefixed = "p".repeat(80) + "/q.jar";
        byte[] tar = new Tar().dir("bundles/")
                .pax(Map.of("path", "bundles/" + deep, "mtime", "1.5")).file("bundles/short-name-ignored", A)
                .entry("././@LongLink", 'L', ("bundles/" + gnu + "\0").getBytes(StandardCharsets.UTF_8), "")
                .file("bundles/cut", B)
                .prefixed("bundles/" + prefixed.substring(0, 80), "q.jar", B)
                .end();
        Map<String, byte[]> files = read(tar, 10_000);
        assertEquals(Set.of(deep, gnu, prefixed), files.keySet());
        assertArrayEquals(A, files.get(deep));
        assertArrayEquals(B, files.get(gnu));
    }

    @Test
    void aPaxSizeAndABase256SizeAreRead() throws EngineException {
        byte[] tar = new Tar().dir("bundles/").pax(Map.of("size", "700")).file("bundles/pax", A, 0)
                .base256("bundles/big", A).end();
        Map<String, byte[]> files = read(tar, 10_000);
        assertArrayEquals(A, files.get("pax"));
        assertArrayEquals(A, files.get("big"));
    }

    @Test
    void aHardLinkIsTheFileItLinksTo() throws EngineException {
        byte[] tar = new Tar().dir("bundles/").file("bundles/a.jar", A)
                .entry("bundles/again.jar", '1', new byte[0], "bundles/a.jar").end();
        Map<String, byte[]> files = read(tar, 10_000);
        assertArrayEquals(A, files.get("again.jar"));
        EngineException e = assertThrows(EngineException.class, () -> read(tar, A.length + 1));
        assertEquals(Kind.INVALID, e.kind(), "a link's bytes count against the limit too");
    }

    @Test
    void moreThanTheLimitIsInvalidAndNamesTheImageAndTheLimit() throws EngineException {
        long total = A.length + B.length + 1024;
        assertEquals(3, read(engineArchive().end(), total).size(), "exactly the limit is enough");
        EngineException e = assertThrows(EngineException.class, () -> read(engineArchive().end(), total - 1));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("carrier:1") && e.getMessage().contains(String.valueOf(total - 1)),
                e.getMessage());
    }

    @Test
    void aLimitIsKeptEvenWhenTheArchiveIsLongerThanItSays() {
        // The limit is checked against each header's size before the data is read.
        byte[] tar = new Tar().dir("bundles/").file("bundles/huge", bytes(100_000)).end();
        EngineException e = assertThrows(EngineException.class, () -> read(tar, 1000));
        assertEquals(Kind.INVALID, e.kind());
    }

    @Test
    void anArchiveOfAFileIsNoFolder() {
        EngineException e = assertThrows(EngineException.class, () -> read(new Tar().file("bundles", A).end(), 10_000));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
    }

    @Test
    void anEmptyFolderHasNoFiles() throws EngineException {
        assertEquals(Map.of(), read(new Tar().dir("bundles/").end(), 0));
        assertEquals(Map.of(), read(new byte[0], 0));
    }

    @Test
    void aNameLeadingOutOfTheFolderIsRefused() {
        byte[] tar = new Tar().dir("bundles/").file("bundles/../../etc/passwd", B).end();
        EngineException e = assertThrows(EngineException.class, () -> read(tar, 10_000));
        assertEquals(Kind.OTHER, e.kind());
    }

    @Test
    void aBrokenArchiveIsNotReadable() {
        byte[] tar = engineArchive().end();
        byte[] garbage = tar.clone();
        garbage[0] ^= 0x55; // the checksum no longer holds
        assertEquals(Kind.OTHER, assertThrows(EngineException.class, () -> read(garbage, 10_000)).kind());
        byte[] cut = Arrays.copyOf(tar, 512 * 2 + 100); // inside a.jar's data
        assertEquals(Kind.OTHER, assertThrows(EngineException.class, () -> read(cut, 10_000)).kind());
        byte[] halfHeader = Arrays.copyOf(tar, 512 + 100);
        assertEquals(Kind.OTHER, assertThrows(EngineException.class, () -> read(halfHeader, 10_000)).kind());
    }

    /** The same reading of an archive GNU tar made (its own long names and format), where tar is at hand. */
    @Test
    void anArchiveOfGnuTarIsRead(@TempDir Path dir) throws Exception {
        String deep = "x".repeat(110) + "/" + "y".repeat(120) + ".jar";
        Files.createDirectories(dir.resolve("bundles/sub"));
        Files.createDirectories(dir.resolve("bundles/" + deep).getParent());
        Files.write(dir.resolve("bundles/a.jar"), A);
        Files.write(dir.resolve("bundles/sub/b.txt"), B);
        Files.write(dir.resolve("bundles/" + deep), B);
        Files.createSymbolicLink(dir.resolve("bundles/link"), Path.of("a.jar"));
        Files.createLink(dir.resolve("bundles/hard.jar"), dir.resolve("bundles/a.jar"));
        for (String format : new String[] {"gnu", "pax", "ustar"}) {
            byte[] tar = tar(dir, format);
            Assumptions.assumeTrue(tar != null, "no tar here");
            Map<String, byte[]> files = read(tar, 10_000);
            if (format.equals("ustar")) {
                // ustar cannot hold the deep name (more than 100 characters after the last cut): tar leaves it out.
                files.remove(deep);
            } else {
                assertArrayEquals(B, files.remove(deep), format);
            }
            assertEquals(Set.of("a.jar", "sub/b.txt", "hard.jar"), files.keySet(), format);
            assertArrayEquals(A, files.get("a.jar"), format);
            assertArrayEquals(A, files.get("hard.jar"), format);
            assertArrayEquals(B, files.get("sub/b.txt"), format);
        }
    }

    private static byte[] tar(Path dir, String format) throws IOException, InterruptedException {
        Process tar;
        try {
            tar = new ProcessBuilder("tar", "--format=" + format, "-C", dir.toString(), "-c", "bundles")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return null;
        }
        byte[] out;
        try (InputStream in = tar.getInputStream()) {
            out = in.readAllBytes();
        }
        tar.waitFor(30, TimeUnit.SECONDS);
        // ustar exits 2 over the name it cannot hold, and writes the rest.
        return tar.exitValue() == 0 || format.equals("ustar") ? out : null;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
