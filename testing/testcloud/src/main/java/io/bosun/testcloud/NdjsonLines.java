package io.bosun.testcloud;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into lines as bytes arrive. It works on bytes, not a Reader, because a Reader over an
 * inflating stream may block for more input even though a whole line is already there, and log lines must be
 * stored the moment they arrive.
 */
final class NdjsonLines {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Consumer<String> onLine;

    NdjsonLines(Consumer<String> onLine) {
        this.onLine = onLine;
    }

    void feed(byte[] bytes, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (bytes[i] == '\n') {
                emit();
            } else {
                pending.write(bytes[i]);
            }
        }
    }

    /** The stream ended: a last line without a newline still counts. */
    void finish() {
        emit();
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8).strip();
        pending.reset();
        if (!line.isEmpty()) {
            onLine.accept(line);
        }
    }
}
