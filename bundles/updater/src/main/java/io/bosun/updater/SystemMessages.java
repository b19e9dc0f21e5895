package io.bosun.updater;

import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The updater's system messages, to every {@link LogSink}. The ones said at start, before any sink is up (this
 * bundle starts first), are kept and handed to the first sink that comes.
 */
final class SystemMessages implements Consumer<String> {
    private static final int KEPT = 20;
    private final ServiceTracker<LogSink, LogSink> sinks;
    private final List<LogRecord> early = new ArrayList<>();

    SystemMessages(BundleContext context) {
        sinks = new ServiceTracker<>(context, LogSink.class, null) {
            @Override
            public LogSink addingService(ServiceReference<LogSink> reference) {
                LogSink sink = super.addingService(reference);
                if (sink == null) {
                    return null; // a sink whose component failed to activate: not tracked
                }
                List<LogRecord> kept;
                synchronized (early) {
                    kept = List.copyOf(early);
                    early.clear();
                }
                kept.forEach(sink::accept);
                return sink;
            }
        };
    }

    void open() {
        sinks.open();
    }

    void close() {
        sinks.close();
    }

    @Override
    public void accept(String message) {
        LogRecord record = LogRecord.system(message, message.contains("rolled back") || message.contains("refused")
                || message.contains("cannot") || message.contains("given up"));
        Object[] all = sinks.getServices();
        if (all == null || all.length == 0) {
            synchronized (early) {
                if (early.size() < KEPT) {
                    early.add(record);
                }
            }
            return;
        }
        for (Object sink : all) {
            ((LogSink) sink).accept(record);
        }
    }
}
