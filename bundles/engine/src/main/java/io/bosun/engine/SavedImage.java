package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.engine.EngineException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The regular files under a folder of an image, from the image as the engine saves it ({@code GET
 * /images/{name}/get}): a tar of the layer tars, in no set order, and of {@code manifest.json}, whose first image
 * lists them bottom to top. The layers are laid over each other as {@link LayeredFolder} says.
 *
 * <p>The whole save is held in memory, the layers having to be read in the manifest's order: worth it for an image
 * no larger than its files may be anyway, which is what callers save.
 */
final class SavedImage {
    /** Room for what a save holds besides the files: tar headers and padding, the image's configuration. */
    private static final long OVERHEAD = 1 << 20;

    private SavedImage() {
    }

    /** Whether a folder's path is plain enough to be found in layers as it is (a link above it is found later). */
    static boolean readable(String folder) {
        String path = TarReader.clean(folder);
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param folder an absolute folder path that is {@link #readable}; with {@code image}, for the messages
     * @throws EngineException {@code INVALID} when no layer has the folder, or its files hold more than
     *         {@code maxBytes}
     * @throws IOException when the save cannot be read or does not answer alone (the folder is a link, say), or
     *         holds much more than an image of {@code maxBytes}: the engine, by a container, can still answer
     */
    static Map<String, byte[]> read(InputStream saved, String image, String folder, long maxBytes)
            throws IOException, EngineException {
        long maxRead = maxBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : maxBytes + maxBytes / 4 + OVERHEAD;
        Map<String, byte[]> entries = entries(new TarReader(saved), maxRead);
        LayeredFolder layered = new LayeredFolder(TarReader.clean(folder), maxRead);
        for (JsonNode layer : layers(entries)) {
            byte[] tar = entries.get(TarReader.clean(layer.asText()));
            if (tar == null) {
                throw new IOException("the save has no layer " + layer.asText());
            }
            try (InputStream in = unpacked(tar)) {
                layered.apply(new TarReader(in));
            }
        }
        if (!layered.present()) {
            throw ImageFiles.noFolder(image, folder, "", null);
        }
        long total = 0;
        for (byte[] file : layered.files().values()) {
            total += file.length;
        }
        if (total > maxBytes) {
            throw ImageFiles.overLimit(image, folder, maxBytes);
        }
        return layered.files();
    }

    /** The save's regular files by path, no more than {@code maxRead} bytes of them. */
    private static Map<String, byte[]> entries(TarReader tar, long maxRead) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        long read = 0;
        for (TarReader.Entry entry = tar.next(); entry != null; entry = tar.next()) {
            if (entry.isFile()) {
                if (entry.size() > maxRead - read) {
                    throw new IOException("the save holds more than " + maxRead + " bytes");
                }
                read += entry.size();
                entries.put(entry.path(), tar.data());
            }
        }
        return entries;
    }

    private static JsonNode layers(Map<String, byte[]> entries) throws IOException {
        byte[] manifest = entries.get("manifest.json");
        if (manifest == null) {
            throw new IOException("the save has no manifest.json");
        }
        JsonNode layers = EngineHttp.JSON.readTree(manifest).path(0).path("Layers");
        if (!layers.isArray()) {
            throw new IOException("the save's manifest.json lists no layers");
        }
        return layers;
    }

    /** A layer tar as it is, or unpacked: engines that keep layers compressed save them so. */
    private static InputStream unpacked(byte[] layer) throws IOException {
        boolean gzip = layer.length >= 2 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b;
        InputStream in = new ByteArrayInputStream(layer);
        return gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }
}
