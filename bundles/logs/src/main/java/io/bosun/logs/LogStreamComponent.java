package io.bosun.logs;

import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.EngineListener;
import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import io.bosun.spi.logs.LogStream;
import java.time.Duration;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The device's one log stream ({@link LogStream}): the supervisor's system messages, taken in as a
 * {@link LogSink} on the whiteboard (the reconciler sends every message to every sink), and the output of every
 * supervised service, captured through the {@link ContainerEngine}. Each reader gets the records on a thread and
 * a bounded queue of its own: a reader that falls behind loses its oldest records and is then told how many
 * (see {@link Mailbox}), and slows nobody else down. The last {@value #HISTORY} records are kept for
 * {@link #recent}.
 *
 * <p>Immediate, so that output is captured and kept before anybody reads it. The engine reference is optional,
 * dynamic and greedy, so updating the engine bundle leaves this component in place: its follows are closed and
 * the new engine's resume where they stopped. The {@link EngineListener} is registered by hand, not as a service
 * of this component: the engine references every listener and this component references the engine, so being
 * both would be a reference cycle. Nothing is kept across a deactivation: readers are closed and must subscribe
 * again, and containers already running are then followed from that moment.
 *
 * <p>This bundle logs its own troubles through SLF4J only, never into the stream it carries.
 */
@Component(service = {LogSink.class, LogStream.class}, immediate = true)
public final class LogStreamComponent implements LogSink, LogStream {
    /** Records kept for {@link #recent}. */
    static final int HISTORY = 1_000;
    /** Records a reader may fall behind by before it loses the oldest. */
    static final int QUEUE = 1_000;
    /** How long the follow of a stopped container stays open for its last lines. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private final LogHub hub = new LogHub(HISTORY, QUEUE);
    private final Capture capture = new Capture(hub, LINGER);
    private ServiceRegistration<EngineListener> engineListener;

    @Activate
    void activate(BundleContext context) {
        capture.start();
        engineListener = context.registerService(EngineListener.class, capture::changed, null);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        engineListener.unregister();
        capture.stop();
        hub.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindEngine")
    void bindEngine(ContainerEngine engine) {
        capture.bind(engine);
    }

    void unbindEngine(ContainerEngine engine) {
        capture.unbind(engine);
    }

    /** Never waits and never throws. */
    @Override
    public void accept(LogRecord record) {
        hub.accept(record);
    }

    @Override
    public AutoCloseable subscribe(LogSink subscriber) {
        return hub.subscribe(subscriber);
    }

    @Override
    public List<LogRecord> recent(int max) {
        return hub.recent(max);
    }
}
