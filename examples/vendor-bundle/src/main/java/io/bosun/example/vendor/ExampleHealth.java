package io.bosun.example.vendor;

import io.bosun.spi.health.HealthCheck;
import io.bosun.spi.health.HealthResult;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The example's health check; healthy unless this is the unhealthy build and its first second is over. */
@Component(service = HealthCheck.class, immediate = true)
public final class ExampleHealth implements HealthCheck {
    static final String NAME = "vendor-example";

    // Monotonic, not the wall clock: a device's clock jumps when it first syncs, and must not flip the check.
    private final LongSupplier nanoTime;
    private Build build;
    private long activatedAtNanos;

    public ExampleHealth() {
        this(System::nanoTime);
    }

    /** For tests: a clock that moves when told. */
    ExampleHealth(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Activate
    void activate(BundleContext context) {
        start(Build.of(context.getBundle()));
    }

    void start(Build build) {
        this.build = build.requireActivation();
        activatedAtNanos = nanoTime.getAsLong();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HealthResult check() {
        return build.variant().health(Duration.ofNanos(nanoTime.getAsLong() - activatedAtNanos));
    }
}
