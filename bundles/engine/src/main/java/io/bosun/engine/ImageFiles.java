package io.bosun.engine;

import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regular files of the engine's archive of one folder ({@code GET /containers/{id}/archive}), by path
 * relative to that folder. The engine puts every entry under the folder's own name ({@code bundles/a.jar} for
 * {@code /bundles}); that first segment is dropped. Directories, links and devices are left out, except that a
 * hard link to a file already read is that file again.
 */
final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * @param image and {@code folder} name what is read, for the messages
     * @throws EngineException {@code INVALID} when the files hold more than {@code maxBytes} together, or the
     *         archive is of a file, not a folder; {@code OTHER} when the archive cannot be read
     */
    static Map<String, byte[]> read(InputStream tar, String image, String folder, long maxBytes)
            throws EngineException {
        try {
            return new ImageFiles.Reader(new TarReader(tar), image, folder, maxBytes).read();
        } catch (IOException e) {
            throw new EngineException(Kind.OTHER, "the engine's archive of " + folder + " in " + image
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The answer for files that hold more than they may, however they were read. */
    static EngineException overLimit(String image, String folder, long maxBytes) {
        return new EngineException(Kind.INVALID, "the files in " + folder + " of " + image
                + " hold more than the limit of " + maxBytes + " bytes");
    }

    /** The answer for a folder the image does not have; {@code why} is the engine's word, if any. */
    static EngineException noFolder(String image, String folder, String why, Throwable cause) {
        return new EngineException(Kind.INVALID, image + " has no " + folder + (why.isEmpty() ? "" : " (" + why + ")"),
                cause);
    }

    /**
     * A path below the folder, as it is: a name that would lead out of the folder ({@code ..}) is refused, since
     * callers may store the files by it.
     */
    static String inside(String below, String name) throws IOException {
        for (String segment : below.split("/")) {
            if (segment.equals("..")) {
                throw new IOException("an entry's name leads out of the folder: " + name);
            }
        }
        return below;
    }

    private static final class Reader {
        private final TarReader tar;
        private final String image;
        private final String folder;
        private final long maxBytes;
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        private long total;

        Reader(TarReader tar, String image, String folder, long maxBytes) {
            this.tar = tar;
            this.image = image;
            this.folder = folder;
            this.maxBytes = maxBytes;
        }

        Map<String, byte[]> read() throws IOException, EngineException {
            for (TarReader.Entry entry = tar.next(); entry != null; entry = tar.next()) {
                entry(entry, relative(entry.name()));
            }
            return files;
        }

        private void entry(TarReader.Entry entry, String path) throws IOException, EngineException {
            if (path.isEmpty()) {
                // The folder's own entry: a file here means a file was asked for.
                if (!entry.isDirectory()) {
                    throw new EngineException(Kind.INVALID, image + "'s " + folder + " is not a folder");
                }
            } else if (entry.isFile()) {
                count(entry.size());
                files.put(path, tar.data());
            } else if (entry.isHardLink() && files.containsKey(relative(entry.link()))) {
                // A hard link (the engine writes one per further name of a file): its data came with the first.
                byte[] same = files.get(relative(entry.link()));
                count(same.length);
                files.put(path, same.clone());
            }
        }

        private void count(long size) throws EngineException {
            if (size > maxBytes - total) {
                throw overLimit(image, folder, maxBytes);
            }
            if (size > TarReader.MAX_DATA) {
                throw new EngineException(Kind.INVALID, "a file in " + folder + " of " + image + " is too large");
            }
            total += size;
        }

        /** The path below the folder: without the folder's own name (the first segment). */
        private static String relative(String name) throws IOException {
            String path = TarReader.clean(name);
            int slash = path.indexOf('/');
            return inside(slash < 0 ? "" : TarReader.clean(path.substring(slash + 1)), name);
        }
    }
}
