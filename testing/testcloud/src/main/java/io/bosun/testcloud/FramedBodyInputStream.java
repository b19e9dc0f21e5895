package io.bosun.testcloud;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body framed inside the connection's stream. Reads never go past the frame, so the next request on
 * the connection stays intact, and return what is there rather than wait for more.
 */
abstract class FramedBodyInputStream extends InputStream {
    /** What {@link #readableNow()} answers once the body has ended. */
    static final long END_OF_BODY = -1;

    final InputStream in;

    FramedBodyInputStream(InputStream in) {
        this.in = in;
    }

    /** How many bytes may be read before the next frame boundary, or {@link #END_OF_BODY}. */
    abstract long readableNow() throws IOException;

    /** Accounts for bytes just read from the current frame. */
    abstract void consumed(int count);

    /** Why it is an error that the connection closed at this point of the body. */
    abstract String truncation();

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        long readable = readableNow();
        if (readable == END_OF_BODY) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, readable));
        if (n < 0) {
            throw new EOFException(truncation());
        }
        consumed(n);
        return n;
    }
}
