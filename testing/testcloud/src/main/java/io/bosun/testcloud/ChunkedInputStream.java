package io.bosun.testcloud;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The payload of a {@code Transfer-Encoding: chunked} body. A read returns as soon as some bytes of the current
 * chunk are there, never waiting for more: a long-lived log stream must be consumable chunk by chunk.
 */
final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remainingInChunk;
    private boolean crlfPending;
    private boolean finished;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (finished) {
            return -1;
        }
        if (remainingInChunk == 0) {
            startNextChunk();
            if (finished) {
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remainingInChunk));
        if (n < 0) {
            throw new EOFException("connection closed inside a chunk");
        }
        remainingInChunk -= n;
        crlfPending = remainingInChunk == 0;
        return n;
    }

    @Override
    public int available() throws IOException {
        return finished || remainingInChunk == 0 ? 0 : (int) Math.min(remainingInChunk, in.available());
    }

    private void startNextChunk() throws IOException {
        if (crlfPending) {
            if (!RequestHead.readLine(in, false).isEmpty()) {
                throw new IOException("chunk data longer than its declared size");
            }
            crlfPending = false;
        }
        String sizeLine = RequestHead.readLine(in, false);
        int extension = sizeLine.indexOf(';');
        String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim();
        try {
            remainingInChunk = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size: " + sizeLine, e);
        }
        if (remainingInChunk < 0) {
            throw new IOException("bad chunk size: " + sizeLine);
        }
        if (remainingInChunk == 0) {
            // Trailers (ignored) end with an empty line; only then is the connection ready for the next request.
            while (!RequestHead.readLine(in, false).isEmpty()) {
                // skip trailer field
            }
            finished = true;
        }
    }
}
