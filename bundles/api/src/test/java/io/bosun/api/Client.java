package io.bosun.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The client end of a streamed answer: keeps what was written, and goes away (every write after fails, as
 * Jetty's do once the connection is closed) after a given number of lines or bytes.
 */
final class Client extends OutputStream {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final long maxBytes;
    private final int maxLines;
    private int lines;
    private int flushes;

    private Client(long maxBytes, int maxLines) {
        this.maxBytes = maxBytes;
        this.maxLines = maxLines;
    }

    /** Stays until the answer ends. */
    static Client staying() {
        return new Client(Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** Goes once it has read that many lines. */
    static Client leavingAfterLines(int n) {
        return new Client(Long.MAX_VALUE, n);
    }

    /** Goes once that many bytes were written to it, in the middle of a line if it falls so. */
    static Client leavingAfterBytes(long n) {
        return new Client(n, Integer.MAX_VALUE);
    }

    @Override
    public void write(int b) throws IOException {
        if (received.size() >= maxBytes || lines >= maxLines) {
            throw new IOException("Broken pipe");
        }
        received.write(b);
        if (b == '\n') {
            lines++;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public void flush() {
        flushes++;
    }

    int flushes() {
        return flushes;
    }

    String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    List<String> lines() {
        return Arrays.asList(text().split("\n", -1)).subList(0, (int) text().chars().filter(c -> c == '\n').count());
    }
}
