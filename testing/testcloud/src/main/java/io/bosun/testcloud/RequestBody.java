package io.bosun.testcloud;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/**
 * The body of one request: framed by Content-Length or chunked encoding, decoded when gzipped, and captured
 * as it is read so the journal can show exactly what the server received.
 */
final class RequestBody {
    private final InputStream framed;
    private final boolean gzipped;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private InputStream decoded;

    private RequestBody(InputStream framed, boolean gzipped) {
        this.framed = framed;
        this.gzipped = gzipped;
    }

    /** The body that follows {@code head} on {@code connection}; a request with neither header has none. */
    static RequestBody of(RequestHead head, InputStream connection) throws IOException {
        InputStream framed;
        if (head.chunked()) {
            framed = new ChunkedInputStream(connection);
        } else if (head.header("content-length") != null) {
            long length;
            try {
                length = Long.parseLong(head.header("content-length").trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + head.header("content-length"), e);
            }
            framed = new FixedLengthInputStream(connection, length);
        } else {
            framed = InputStream.nullInputStream();
        }
        return new RequestBody(framed, head.gzipped());
    }

    /**
     * The decoded body as a stream. Opening a gzipped stream blocks until the gzip header arrives, so call it
     * only from the handler that wants the body.
     */
    InputStream stream() throws IOException {
        if (decoded == null) {
            InputStream source = gzipped ? gunzip(framed) : framed;
            decoded = new CapturingInputStream(source, captured);
        }
        return decoded;
    }

    /** Everything left of the decoded body. */
    byte[] readAll() throws IOException {
        return stream().readAllBytes();
    }

    /**
     * Reads what nobody read, so the next request on a kept-alive connection starts at its first byte. A body
     * that is not valid gzip is still consumed (raw) before the error is passed on.
     */
    void drain() throws IOException {
        try {
            stream().transferTo(OutputStream.nullOutputStream());
        } catch (java.util.zip.ZipException e) {
            framed.transferTo(OutputStream.nullOutputStream());
            throw e;
        }
        // gzip ends at its trailer, which may come before the framing's own end (the last chunk of a chunked
        // body): left unread, that chunk would be taken for the next request on the connection.
        framed.transferTo(OutputStream.nullOutputStream());
    }

    /** The decoded bytes read so far. */
    byte[] captured() {
        synchronized (captured) {
            return captured.toByteArray();
        }
    }

    /** An empty gzipped body is legal HTTP (some clients send one), but GZIPInputStream would call it truncated. */
    private static InputStream gunzip(InputStream framed) throws IOException {
        PushbackInputStream peek = new PushbackInputStream(framed, 1);
        int first = peek.read();
        if (first < 0) {
            return InputStream.nullInputStream();
        }
        peek.unread(first);
        return new GZIPInputStream(peek, 8192);
    }

    /** Copies into the capture whatever passes through. */
    private static final class CapturingInputStream extends InputStream {
        private final InputStream in;
        private final ByteArrayOutputStream sink;

        CapturingInputStream(InputStream in, ByteArrayOutputStream sink) {
            this.in = in;
            this.sink = sink;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                synchronized (sink) {
                    sink.write(b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                synchronized (sink) {
                    sink.write(b, off, n);
                }
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }
}
