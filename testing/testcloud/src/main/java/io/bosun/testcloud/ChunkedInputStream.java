package io.bosun.testcloud;

import java.io.IOException;
import java.io.InputStream;

/**
 * The payload of a {@code Transfer-Encoding: chunked} body. A read returns as soon as some bytes of the current
 * chunk are there, never waiting for more: a long-lived log stream must be consumable chunk by chunk.
 */
final class ChunkedInputStream extends FramedBodyInputStream {
    private long remainingInChunk;
    private boolean crlfPending;
    private boolean finished;

    ChunkedInputStream(InputStream in) {
        super(in);
    }

    @Override
    long readableNow() throws IOException {
        if (!finished && remainingInChunk == 0) {
            startNextChunk();
        }
        return finished ? END_OF_BODY : remainingInChunk;
    }

    @Override
    void consumed(int count) {
        remainingInChunk -= count;
        crlfPending = remainingInChunk == 0;
    }

    @Override
    String truncation() {
        return "connection closed inside a chunk";
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
