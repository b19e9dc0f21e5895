package io.bosun.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractedBundlesTest {
    @TempDir
    Path dir;

    @Test
    void theBundlesAreExtractedOncePerBuildAndOlderBuildsAreRemoved() throws IOException {
        Path jar = jar("jar/a.jar", "A1", "jar/b.jar", "B1");
        Path parent = dir.resolve("framework-bundles");
        LaunchPlan first = plan("one", "jar/a.jar", "jar/b.jar");
        Path folder = ExtractedBundles.ensure(jar, first, parent);
        assertArrayEquals("A1".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(folder.resolve("a.jar")));
        long written = Files.getLastModifiedTime(folder.resolve("a.jar")).toMillis();

        assertEquals(folder, ExtractedBundles.ensure(jar, first, parent));
        assertEquals(written, Files.getLastModifiedTime(folder.resolve("a.jar")).toMillis());

        Path next = ExtractedBundles.ensure(jar("jar/a.jar", "A2", "jar/b.jar", "B2"), plan("two", "jar/a.jar",
                "jar/b.jar"), parent);
        assertArrayEquals("A2".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(next.resolve("a.jar")));
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(List.of(next), left.toList());
        }
    }

    @Test
    void aJarLackingAListedBundleLeavesNoHalfFilledFolder() throws IOException {
        Path jar = jar("jar/a.jar", "A1", "jar/other.jar", "X");
        Path parent = dir.resolve("framework-bundles");
        IOException e = assertThrows(IOException.class,
                () -> ExtractedBundles.ensure(jar, plan("three", "jar/a.jar", "jar/b.jar"), parent));
        assertTrue(e.getMessage().contains("lacks jar/b.jar"), e.getMessage());
        try (Stream<Path> left = Files.list(parent)) {
            assertFalse(left.findAny().isPresent());
        }
    }

    private static LaunchPlan plan(String digestSeed, String... entries) {
        List<ShippedBundle> bundles = Stream.of(entries).map(e -> new ShippedBundle(e, "x." + e, "1", 1)).toList();
        return new LaunchPlan(bundles, java.util.Map.of(), Digests.of(digestSeed.getBytes(StandardCharsets.UTF_8)));
    }

    private Path jar(String... namesAndContents) throws IOException {
        Path jar = Files.createTempFile(dir, "bosun", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry(namesAndContents[i]));
                out.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
