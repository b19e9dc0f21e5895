package io.bosun.spi.api;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A body written while it happens (logs). It writes until it has said all or a write fails (the client went), and
 * lets go of what it holds either way.
 */
@ConsumerType
@FunctionalInterface
public interface StreamBody {
    void writeTo(OutputStream out) throws IOException;
}
