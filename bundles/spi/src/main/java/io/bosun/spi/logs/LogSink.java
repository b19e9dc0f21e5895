package io.bosun.spi.logs;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives log records (whiteboard: every registered sink gets every record). A sink must not block: it buffers
 * or drops, and says how many it dropped.
 */
@ConsumerType
public interface LogSink {

    void accept(LogRecord record);
}
