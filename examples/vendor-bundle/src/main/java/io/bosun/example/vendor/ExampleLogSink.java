package io.bosun.example.vendor;

import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Counts the log records the supervisor sends to its sinks. Counting only: a sink is called on the sender's
 * thread and must never block it.
 *
 * <p>Also registered under its own class, a name only this bundle can see, so that {@link ExampleRoute} gets
 * this sink and not another bundle's.
 */
@Component(service = {LogSink.class, ExampleLogSink.class}, immediate = true)
public final class ExampleLogSink implements LogSink {
    private final AtomicLong seen = new AtomicLong();

    @Activate
    void activate(BundleContext context) {
        Build.of(context.getBundle()).requireActivation();
    }

    @Override
    public void accept(LogRecord record) {
        seen.incrementAndGet();
    }

    /** The records received since activation. */
    long seen() {
        return seen.get();
    }
}
