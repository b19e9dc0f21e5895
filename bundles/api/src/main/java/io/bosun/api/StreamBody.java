package io.bosun.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of an answer that is written while it happens (a log stream), not known whole beforehand. It runs on
 * the request's thread after the status and headers are sent, and returns when it has said all it has.
 */
@FunctionalInterface
interface StreamBody {

    /**
     * Writes the body; the implementation flushes whatever the client must see at once.
     *
     * @throws IOException when the client is gone: the body must let go of what it holds (a subscription) and end
     */
    void writeTo(OutputStream out) throws IOException;
}
