package io.bosun.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streamed body one line at a time. Every line is flushed: a log line must reach the client when it happens,
 * and a write or flush that fails is how a client that left is noticed.
 */
final class LineOutput {
    private static final byte[] NEWLINE = {'\n'};

    private final OutputStream out;

    LineOutput(OutputStream out) {
        this.out = out;
    }

    void line(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write(NEWLINE);
        out.flush();
    }

    /**
     * An empty line, written while there is nothing to say: a client that closed the connection is noticed only
     * by writing to it. NDJSON readers (balena's CLI among them) skip empty lines.
     */
    void keepAlive() throws IOException {
        out.write(NEWLINE);
        out.flush();
    }
}
