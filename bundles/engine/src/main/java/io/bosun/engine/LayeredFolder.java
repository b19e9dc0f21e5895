package io.bosun.engine;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The regular files of one folder of an image, by path relative to it, as the image's layers make them, bottom to
 * top: a layer's entry replaces what the layers below have at its path, and its whiteouts (OCI's, which are
 * aufs's) remove what they have: {@code <dir>/.wh.<name>} removes {@code <dir>/<name>} and all below it,
 * {@code <dir>/.wh..wh..opq} all below {@code <dir>}. A layer's whiteouts are of the layers below only, so where in
 * the layer they come does not matter.
 *
 * <p>What only the engine can resolve is refused: the folder (or a folder above it) being a link or a file, a hard
 * link to a file this reading did not keep.
 */
final class LayeredFolder {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final String folder;
    private final long maxRead;
    /** Sorted, so that all below a path is one range of keys. */
    private final NavigableMap<String, byte[]> files = new TreeMap<>();
    private boolean present;
    private long read;

    /**
     * @param folder the folder's path in a layer: no slashes around, no empty or dot segments
     * @param maxRead the most that may be read of the layers' files together, a bound on memory (a compressed
     *        layer may unpack to anything)
     */
    LayeredFolder(String folder, long maxRead) {
        this.folder = folder;
        this.maxRead = maxRead;
    }

    /** Applies the next layer up. */
    void apply(TarReader layer) throws IOException {
        Map<String, byte[]> added = new HashMap<>();
        boolean touched = false;
        for (TarReader.Entry entry = layer.next(); entry != null; entry = layer.next()) {
            String path = entry.path();
            if (isAtOrAbove(path) && !entry.isDirectory()) {
                throw new IOException("/" + path + " is no folder in a layer: only the engine resolves that");
            }
            String below = below(path);
            touched |= below != null;
            String name = path.substring(path.lastIndexOf('/') + 1);
            String dir = path.substring(0, Math.max(0, path.lastIndexOf('/')));
            if (name.equals(OPAQUE)) {
                removeUnder(dir, false);
            } else if (name.startsWith(WHITEOUT)) {
                removeUnder(join(dir, name.substring(WHITEOUT.length())), true);
            } else if (below != null && !below.isEmpty()) {
                take(layer, entry, ImageFiles.inside(below, entry.name()), added);
            }
        }
        present |= touched;
        files.putAll(added);
    }

    /** Whether any layer left the folder in place. */
    boolean present() {
        return present;
    }

    /** The files the layers left, by path below the folder. */
    Map<String, byte[]> files() {
        return files;
    }

    private void take(TarReader layer, TarReader.Entry entry, String below, Map<String, byte[]> added)
            throws IOException {
        if (entry.isDirectory()) {
            // A folder over a lower file replaces it, and merges with a lower folder.
            files.remove(below);
            return;
        }
        removeTree(below);
        if (entry.isFile()) {
            if (entry.size() > maxRead - read) {
                throw new IOException("the layers hold more under /" + folder + " than the image's size says");
            }
            read += entry.size();
            added.put(below, layer.data());
        } else if (entry.isHardLink()) {
            // Docker's layers link to a file earlier in the same layer; a file elsewhere was not kept.
            String target = below(entry.linkPath());
            if (target == null || !added.containsKey(target)) {
                throw new IOException("/" + entry.path() + " links to /" + entry.linkPath() + ", not read");
            }
            added.put(below, added.get(target).clone());
        }
    }

    /** Removes what the layers below have at {@code path} and below it ({@code self}) or only below it. */
    private void removeUnder(String path, boolean self) {
        if (isAtOrAbove(path) && (self || !path.equals(folder))) {
            // The folder itself goes: what this layer has of it is all there is.
            files.clear();
            present = false;
            return;
        }
        String below = below(path);
        if (below == null) {
            return;
        }
        if (below.isEmpty()) {
            files.clear();
        } else if (self) {
            removeTree(below);
        } else {
            files.subMap(below + "/", after(below)).clear();
        }
    }

    private void removeTree(String below) {
        files.remove(below);
        files.subMap(below + "/", after(below)).clear();
    }

    /** The least key past all that starts {@code below + "/"}: '0' is the character after '/'. */
    private static String after(String below) {
        return below + "0";
    }

    /** Whether the path is the folder or one of the folders above it (the root, {@code ""}, is above all). */
    private boolean isAtOrAbove(String path) {
        return path.isEmpty() || path.equals(folder) || folder.startsWith(path + "/");
    }

    /** The path below the folder, {@code ""} for the folder itself; null when it is elsewhere. */
    private String below(String path) {
        if (path.equals(folder)) {
            return "";
        }
        return path.startsWith(folder + "/") ? path.substring(folder.length() + 1) : null;
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
