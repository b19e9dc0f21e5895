package io.bosun.spi.logs;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The device's one log stream: the supervisor's system messages and every supervised service's output, in the
 * order they arrived. Readers (the local log endpoint, a vendor's log shipper) subscribe; none can slow the
 * stream or the others down.
 */
@ProviderType
public interface LogStream {

    /**
     * Hands every record from now on to the subscriber, on a thread of the stream's own. A subscriber that falls
     * behind loses the oldest records it has not taken yet, and then gets one system record saying how many.
     *
     * @return closing it ends the subscription and frees what it held
     */
    AutoCloseable subscribe(LogSink subscriber);

    /** The latest records kept (a bounded history), oldest first, at most {@code max}. */
    List<LogRecord> recent(int max);
}
