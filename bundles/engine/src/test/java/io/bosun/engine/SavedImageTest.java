package io.bosun.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Saves made by hand as the engine makes them: layer tars in no set order, and the manifest listing them. */
class SavedImageTest {
    private static final String IMAGE = "carrier:1";

    private static Map<String, byte[]> read(byte[] save, String folder, long maxBytes)
            throws IOException, EngineException {
        return SavedImage.read(new ByteArrayInputStream(save), IMAGE, folder, maxBytes);
    }

    private static Map<String, byte[]> read(byte[] save) throws IOException, EngineException {
        return read(save, "/bundles", 1 << 20);
    }

    /** A save of the layers, bottom first, written top first: the manifest alone gives the order. */
    private static byte[] save(byte[]... layers) {
        Tar save = new Tar().file("config.json", bytes("{}"));
        StringBuilder names = new StringBuilder();
        for (int i = layers.length - 1; i >= 0; i--) {
            save.dir("layer" + i + "/").file("layer" + i + "/VERSION", bytes("1.0"))
                    .file("layer" + i + "/layer.tar", layers[i]);
        }
        for (int i = 0; i < layers.length; i++) {
            names.append(i == 0 ? "" : ",").append("\"layer").append(i).append("/layer.tar\"");
        }
        byte[] manifest = bytes("[{\"Config\":\"config.json\",\"RepoTags\":[\"carrier:1\"],\"Layers\":[" + names
                + "]}]");
        return save.file("manifest.json", manifest).file("repositories", bytes("{}")).end();
    }

    private static byte[] lower() {
        return new Tar().dir("bundles/").file("bundles/a.jar", bytes("a1")).file("bundles/b.jar", bytes("b1"))
                .dir("bundles/old/").file("bundles/old/x.txt", bytes("x")).file("bundles/keep.txt", bytes("keep"))
                .dir("etc/").file("etc/hostname", bytes("not in the folder")).end();
    }

    @Test
    void anUpperLayerReplacesAddsAndWhitesOut() throws Exception {
        byte[] upper = new Tar().dir("bundles/").file("bundles/a.jar", bytes("a2"))
                .file("bundles/.wh.b.jar", new byte[0]).file("bundles/.wh.old", new byte[0])
                .file("bundles/c.jar", bytes("c")).end();
        Map<String, byte[]> files = read(save(lower(), upper));
        assertEquals(Set.of("a.jar", "keep.txt", "c.jar"), files.keySet());
        assertArrayEquals(bytes("a2"), files.get("a.jar"), "the upper layer's");
        assertArrayEquals(bytes("keep"), files.get("keep.txt"), "the lower layer's, untouched");
    }

    @Test
    void anOpaqueFolderHidesAllBelowItOfTheLayersBelow() throws Exception {
        byte[] lower = new Tar().dir("bundles/").dir("bundles/sub/").file("bundles/sub/x", bytes("x"))
                .dir("bundles/sub/deep/").file("bundles/sub/deep/y", bytes("y")).file("bundles/sub-file", bytes("s"))
                .file("bundles/top", bytes("t")).end();
        // The marker after the layer's own file: it hides the lower layers' files only, wherever it comes.
        byte[] upper = new Tar().dir("bundles/sub/").file("bundles/sub/z", bytes("z"))
                .file("bundles/sub/.wh..wh..opq", new byte[0]).end();
        assertEquals(Set.of("sub/z", "sub-file", "top"), read(save(lower, upper)).keySet());
    }

    @Test
    void anOpaqueFolderOfTheFolderItselfKeepsOnlyTheLayersOwn() throws Exception {
        byte[] upper = new Tar().dir("bundles/").file("bundles/.wh..wh..opq", new byte[0])
                .file("bundles/new.jar", bytes("n")).end();
        assertEquals(Set.of("new.jar"), read(save(lower(), upper)).keySet());
    }

    @Test
    void aGzipLayerIsUnpacked() throws Exception {
        byte[] upper = gzip(new Tar().file("./bundles/a.jar", bytes("a2")).file("./bundles/.wh.keep.txt",
                new byte[0]).end());
        Map<String, byte[]> files = read(save(lower(), upper));
        assertEquals(Set.of("a.jar", "b.jar", "old/x.txt"), files.keySet());
        assertArrayEquals(bytes("a2"), files.get("a.jar"));
    }

    @Test
    void aFileReplacesALowerFolderAndAFolderALowerFile() throws Exception {
        byte[] upper = new Tar().file("bundles/old", bytes("now a file")).dir("bundles/a.jar/")
                .file("bundles/a.jar/inner", bytes("i")).entry("bundles/b.jar", '2', new byte[0], "a.jar").end();
        assertEquals(Set.of("old", "a.jar/inner", "keep.txt"), read(save(lower(), upper)).keySet(),
                "a link over a file is no regular file");
    }

    @Test
    void aHardLinkIsTheFileItLinksTo() throws Exception {
        byte[] layer = new Tar().dir("bundles/").file("bundles/a.jar", bytes("a"))
                .entry("bundles/again.jar", '1', new byte[0], "bundles/a.jar").end();
        assertArrayEquals(bytes("a"), read(save(layer)).get("again.jar"));
    }

    @Test
    void aFolderNoLayerHasIsMissingAsTheEngineSays() {
        EngineException e = assertThrows(EngineException.class, () -> read(save(lower()), "/nothing", 1 << 20));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains(IMAGE + " has no /nothing"), e.getMessage());
    }

    @Test
    void aFolderAnUpperLayerWhitesOutIsMissing() throws Exception {
        byte[] gone = new Tar().file(".wh.bundles", new byte[0]).end();
        EngineException e = assertThrows(EngineException.class, () -> read(save(lower(), gone)));
        assertTrue(e.getMessage().contains(IMAGE + " has no /bundles"), e.getMessage());
        byte[] again = new Tar().dir("bundles/").file("bundles/new.jar", bytes("n")).end();
        assertEquals(Set.of("new.jar"), read(save(lower(), gone, again)).keySet(), "and made anew");
        byte[] emptyAgain = new Tar().file("bundles/.wh..wh..opq", new byte[0]).end();
        assertEquals(Map.of(), read(save(lower(), emptyAgain)), "an opaque folder is a folder");
    }

    @Test
    void theFilesKeptCountAgainstTheLimitNotThoseReplaced() throws Exception {
        byte[] upper = new Tar().file("bundles/a.jar", bytes("a2")).end();
        long kept = "a2b1xkeep".length();
        assertEquals(4, read(save(lower(), upper), "/bundles", kept).size(), "exactly the limit is enough");
        EngineException e = assertThrows(EngineException.class, () -> read(save(lower(), upper), "/bundles",
                kept - 1));
        assertEquals(Kind.INVALID, e.kind());
        assertEquals("the files in /bundles of carrier:1 hold more than the limit of 8 bytes", e.getMessage());
    }

    @Test
    void whatOnlyTheEngineResolvesIsLeftToIt() {
        byte[] linked = new Tar().dir("data/").entry("bundles", '2', new byte[0], "data").end();
        assertThrows(IOException.class, () -> read(save(lower(), linked)), "a folder that is a link");
        byte[] outside = new Tar().file("etc/a", bytes("a")).entry("bundles/a", '1', new byte[0], "etc/a").end();
        assertThrows(IOException.class, () -> read(save(outside)), "a hard link to a file not kept");
        assertThrows(IOException.class, () -> read(new Tar().file("config.json", bytes("{}")).end()),
                "no manifest");
        byte[] big = new Tar().dir("bundles/").file("bundles/big", new byte[2 << 20]).end();
        assertThrows(IOException.class, () -> read(save(big), "/bundles", 1000),
                "much more than an image within the limit holds");
    }

    @Test
    void onlyPlainFolderPathsAreLookedForInLayers() {
        assertTrue(SavedImage.readable("/bundles"));
        assertTrue(SavedImage.readable("/opt/bundles"));
        assertFalse(SavedImage.readable("/opt//bundles"));
        assertFalse(SavedImage.readable("/opt/./bundles"));
        assertFalse(SavedImage.readable("/opt/../bundles"));
        assertFalse(SavedImage.readable("/"));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
