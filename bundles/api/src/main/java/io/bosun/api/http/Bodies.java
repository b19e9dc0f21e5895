package io.bosun.api.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The framings of a message body on a kept-alive connection: by length, chunked, or (HTTP/1.0) until the close. */
final class Bodies {
    private Bodies() {
    }

    /** A body stream read in blocks; a single byte is a block of one. */
    abstract static class BlockInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public abstract int read(byte[] b, int off, int len) throws IOException;
    }

    /** The next {@code remaining} bytes of the connection, and not one more. */
    static final class FixedInput extends BlockInput {
        private final InputStream in;
        private long remaining;

        FixedInput(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new BadRequest(400, "The body ended before its Content-Length");
            }
            remaining -= n;
            return n;
        }
    }

    /** A chunked body (RFC 9112 7.1), decoded; extensions and trailers are read and dropped. */
    static final class ChunkedInput extends BlockInput {
        private final InputStream in;
        private long inChunk;
        private boolean ended;

        ChunkedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (inChunk == 0) {
                inChunk = nextChunkSize();
                if (inChunk == 0) {
                    int[] trailers = {RequestHead.MAX_HEAD};
                    while (!RequestHead.line(in, trailers, false).isEmpty()) {
                        // Trailers carry nothing this server uses.
                    }
                    ended = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, inChunk));
            if (n < 0) {
                throw new BadRequest(400, "The body ended inside a chunk");
            }
            inChunk -= n;
            if (inChunk == 0 && !line().isEmpty()) {
                throw new BadRequest(400, "A chunk is longer than its size");
            }
            return n;
        }

        private long nextChunkSize() throws IOException {
            String line = line();
            int semicolon = line.indexOf(';');
            String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
            if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new BadRequest(400, "A chunk size is not a hexadecimal number");
            }
            return Long.parseLong(hex, 16);
        }

        private String line() throws IOException {
            return RequestHead.line(in, new int[] {RequestHead.MAX_LINE}, false);
        }
    }

    /** Exactly {@code length} bytes; a HEAD request's are counted and not sent. */
    static final class FixedOutput extends FilterOutputStream {
        private long remaining;
        private final boolean discard;

        FixedOutput(OutputStream out, long length, boolean discard) {
            super(out);
            this.remaining = length;
            this.discard = discard;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > remaining) {
                throw new IOException("The answer is longer than the Content-Length it announced");
            }
            remaining -= len;
            if (!discard) {
                out.write(b, off, len);
            }
        }

        @Override
        public void close() throws IOException {
            // The connection stays open: closing a body only ends it.
            flush();
        }

        boolean complete() {
            return remaining == 0;
        }
    }

    /** A chunk per write; {@link #close} sends the last chunk. */
    static final class ChunkedOutput extends FilterOutputStream {
        private static final byte[] CRLF = {'\r', '\n'};
        private static final byte[] LAST = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        private boolean closed;

        ChunkedOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("The answer has ended");
            }
            if (len == 0) {
                return;
            }
            out.write(Integer.toHexString(len).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
            out.write(b, off, len);
            out.write(CRLF);
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                out.write(LAST);
                out.flush();
            }
        }
    }

    /** An HTTP/1.0 client's stream: the body ends when the connection closes. */
    static final class UntilClose extends FilterOutputStream {
        UntilClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
