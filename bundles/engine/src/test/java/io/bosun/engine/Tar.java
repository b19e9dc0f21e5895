package io.bosun.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** A tar archive made by hand: ustar headers, and PAX or GNU ones where a test asks. */
final class Tar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Tar dir(String name) {
        return entry(name, '5', new byte[0], "");
    }

    Tar file(String name, byte[] data) {
        return entry(name, '0', data, "");
    }

    /** A file whose header gives {@code size} (a PAX header before it gives the real one). */
    Tar file(String name, byte[] data, long size) {
        return write(header(name, '0', size, "", ""), data);
    }

    Tar prefixed(String prefix, String name, byte[] data) {
        return write(header(name, '0', data.length, "", prefix), data);
    }

    Tar base256(String name, byte[] data) {
        byte[] header = header(name, '0', 0, "", "");
        Arrays.fill(header, 124, 136, (byte) 0);
        header[124] = (byte) 0x80;
        header[134] = (byte) (data.length >>> 8);
        header[135] = (byte) data.length;
        checksum(header);
        return write(header, data);
    }

    Tar pax(Map<String, String> values) {
        StringBuilder records = new StringBuilder();
        values.forEach((key, value) -> {
            String rest = " " + key + "=" + value + "\n";
            int length = rest.getBytes(StandardCharsets.UTF_8).length;
            int digits = String.valueOf(length).length();
            if (String.valueOf(length + digits).length() > digits) {
                digits++;
            }
            records.append(length + digits).append(rest);
        });
        return entry("PaxHeaders/x", 'x', records.toString().getBytes(StandardCharsets.UTF_8), "");
    }

    Tar entry(String name, char type, byte[] data, String link) {
        return write(header(name, type, data.length, link, ""), data);
    }

    private Tar write(byte[] header, byte[] data) {
        out.writeBytes(header);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    byte[] end() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private static byte[] header(String name, char type, long size, String link, String prefix) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, "0000644");
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, "14000000000");
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        put(h, 345, 155, prefix);
        checksum(h);
        return h;
    }

    private static void checksum(byte[] h) {
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, String.format("%06o", sum));
        h[155] = ' ';
    }

    private static void put(byte[] h, int offset, int length, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (b.length > length) {
            throw new IllegalArgumentException(text + " is longer than " + length);
        }
        System.arraycopy(b, 0, h, offset, b.length);
    }
}
