package io.bosun.engine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entries of a tar archive, one after the other: the engine's archive of a folder, a saved image and the
 * layers in it alike.
 *
 * <p>A tar reader of its own, small: the engine writes ustar, with PAX (or GNU) headers for long names and large
 * sizes, which is all it reads.
 */
final class TarReader {
    /** The most data an entry may have to be read whole (an array's bound, less the padding). */
    static final long MAX_DATA = Integer.MAX_VALUE - 512L;
    private static final int BLOCK = 512;

    /** An entry's header, with the long name, link and size of the PAX or GNU headers before it. */
    record Entry(char type, String name, String link, long size) {
        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        boolean isDirectory() {
            return type == '5';
        }

        boolean isHardLink() {
            return type == '1';
        }

        /** The name without a leading {@code ./}, nor slashes around: {@code bundles/a.jar}, {@code ""} for the root. */
        String path() {
            return clean(name);
        }

        /** The link's name, as {@link #path()} gives the entry's. */
        String linkPath() {
            return clean(link);
        }
    }

    private final InputStream in;
    /** What is left of the current entry: its data not read, and the padding after it. */
    private long dataLeft;
    private long paddingLeft;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, past what was not read of the one before; null at the archive's end. */
    Entry next() throws IOException {
        skipFully(dataLeft + paddingLeft);
        dataLeft = 0;
        paddingLeft = 0;
        byte[] header = new byte[BLOCK];
        String longName = null;
        String longLink = null;
        Long paxSize = null;
        while (readBlock(header)) {
            if (zeros(header)) {
                return null;
            }
            checkSum(header);
            char type = (char) (header[156] & 0xff);
            // The size of this header's data; a PAX size is an entry's, never that of another header.
            long size = number(header, 124, 12);
            switch (type) {
                case 'x' -> {
                    Map<String, String> pax = pax(headerData(size));
                    longName = pax.getOrDefault("path", longName);
                    longLink = pax.getOrDefault("linkpath", longLink);
                    if (pax.containsKey("size")) {
                        paxSize = paxNumber(pax.get("size"));
                    }
                }
                case 'g' -> {
                    // Global PAX values (a comment, a charset): nothing a file's name or size depends on.
                    skipFully(size + padding(size));
                }
                case 'L' -> longName = cString(headerData(size));
                case 'K' -> longLink = cString(headerData(size));
                default -> {
                    long entrySize = paxSize != null ? paxSize : size;
                    current(entrySize);
                    return new Entry(type, longName != null ? longName : name(header),
                            longLink != null ? longLink : text(header, 157, 100), entrySize);
                }
            }
        }
        return null;
    }

    /** The current entry's data, whole; once an entry, before {@link #next()}. */
    byte[] data() throws IOException {
        if (dataLeft > MAX_DATA) {
            throw new IOException("an entry of " + dataLeft + " bytes is too large to read whole");
        }
        byte[] data = in.readNBytes((int) dataLeft);
        if (data.length < dataLeft) {
            throw new EOFException("the archive ends inside an entry");
        }
        skipFully(paddingLeft);
        dataLeft = 0;
        paddingLeft = 0;
        return data;
    }

    private void current(long size) {
        dataLeft = size;
        paddingLeft = padding(size);
    }

    /** A name without a leading {@code ./}, nor slashes around. */
    static String clean(String name) {
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }

    /** The data of a header that is not an entry's (PAX records, a GNU long name). */
    private byte[] headerData(long size) throws IOException {
        current(size);
        return data();
    }

    private static String name(byte[] header) {
        String name = text(header, 0, 100);
        // POSIX ustar keeps a long name's start in the prefix field; GNU ("ustar  ") uses that room otherwise.
        boolean posix = text(header, 257, 6).equals("ustar");
        String prefix = posix ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private boolean readBlock(byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("the archive ends inside a header");
        }
        return true;
    }

    private void skipFully(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the archive ends inside an entry");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean zeros(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkSum(byte[] header) throws IOException {
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        long stored = number(header, 148, 8);
        if (stored != unsigned && stored != signed) {
            throw new IOException("a header's checksum is wrong: this is no tar archive");
        }
    }

    /** An octal field, or a base-256 one (a leading byte with its high bit set, as GNU and Go write). */
    private static long number(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7f;
            for (int i = offset + 1; i < offset + length; i++) {
                if ((value >>> 55) != 0) {
                    throw new IOException("a header's number is out of range");
                }
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            int c = header[i];
            if (c == 0 || (c == ' ' && digits)) {
                break;
            }
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '7') {
                throw new IOException("a header's number is not octal");
            }
            value = value * 8 + (c - '0');
            digits = true;
        }
        return value;
    }

    private static long paxNumber(String value) throws IOException {
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw new IOException("a PAX size is negative: " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IOException("a PAX size is no number: " + value);
        }
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        return text(data, 0, data.length);
    }

    /** PAX records: {@code <length> <key>=<value>\n}, the length counting the whole record, in bytes. */
    private static Map<String, String> pax(byte[] data) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        int at = 0;
        while (at < data.length && data[at] != 0) {
            int space = at;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, at, space - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("a PAX header is malformed");
            }
            int end = at + length;
            if (length <= 0 || end > data.length || space >= end || data[end - 1] != '\n') {
                throw new IOException("a PAX header is malformed");
            }
            String record = new String(data, space + 1, end - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals <= 0) {
                throw new IOException("a PAX header is malformed");
            }
            values.put(record.substring(0, equals), record.substring(equals + 1));
            at = end;
        }
        return values;
    }
}
