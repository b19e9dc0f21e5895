package io.bosun.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into lines, holding at most a bounded part of one: output without newlines (a progress bar
 * redrawn with {@code \r}, a binary blob) must not grow the supervisor's memory. A line longer than
 * {@link #MAX_CHARS} characters is passed on cut there and marked {@code [...]}, as balena cuts its log
 * messages; the rest of it, up to its newline, is dropped. A line that outgrows the buffer is passed on as soon
 * as it does, so that its first part is not held back until a newline that may never come.
 */
final class LineSplitter {
    /** balena's longest log message. */
    static final int MAX_CHARS = 10_000;
    static final String CUT = "[...]";
    /** Room for the engine's timestamp and {@link #MAX_CHARS} characters of up to 4 bytes each. */
    static final int MAX_BYTES = 4 * MAX_CHARS + 64;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean dropping;

    LineSplitter(Consumer<String> lines) {
        this.lines = lines;
    }

    void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (!dropping) {
                    emit("");
                }
                dropping = false;
            } else if (!dropping) {
                line.write(b);
                if (line.size() >= MAX_BYTES) {
                    emit(CUT);
                    dropping = true;
                }
            }
        }
    }

    /** The end of the stream: a last line without a newline is passed on. */
    void end() {
        if (!dropping && line.size() > 0) {
            emit("");
        }
        dropping = false;
    }

    private void emit(String mark) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines.accept(text + mark);
    }

    /** The message cut to {@link #MAX_CHARS} characters, {@link #CUT} marking a cut. */
    static String bounded(String message) {
        if (message.length() <= MAX_CHARS) {
            return message;
        }
        int end = Character.isHighSurrogate(message.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return message.substring(0, end) + CUT;
    }
}
