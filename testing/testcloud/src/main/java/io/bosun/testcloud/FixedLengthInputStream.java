package io.bosun.testcloud;

import java.io.IOException;
import java.io.InputStream;

/** The payload of a body with a {@code Content-Length}: stops there so the next request on the connection stays intact. */
final class FixedLengthInputStream extends FramedBodyInputStream {
    private long remaining;

    FixedLengthInputStream(InputStream in, long length) {
        super(in);
        this.remaining = length;
    }

    @Override
    long readableNow() {
        return remaining == 0 ? END_OF_BODY : remaining;
    }

    @Override
    void consumed(int count) {
        remaining -= count;
    }

    @Override
    String truncation() {
        return "connection closed with " + remaining + " body bytes still due";
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(remaining, in.available());
    }
}
