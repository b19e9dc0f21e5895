package io.bosun.updater;

import io.bosun.spi.api.ApiEndpoint;
import io.bosun.spi.health.HealthCheck;
import io.bosun.spi.health.HealthResult;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Whether a set of bundles is healthy: every bundle active, each of its enabled components satisfied and none
 * failed to activate, every health check healthy, and the device API answering {@code /ping} over HTTP. A check
 * that was already unhealthy before the change, in a bundle the change did not touch, does not count: an offline
 * device must still take updates (docs/updater.md).
 */
final class HealthGate {
    private static final int FAILED_ACTIVATION = 16;
    private final BundleContext context;
    private final ServiceTracker<HealthCheck, HealthCheck> checks;
    private final ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> scr;
    private final LongSupplier clock;

    /**
     * The checks and SCR are held through trackers, not got and let go at each look: letting go of a delayed
     * component's service deactivates it, and the gate would restart the components it is judging.
     */
    HealthGate(BundleContext context, LongSupplier clock) {
        this.context = context;
        this.checks = new ServiceTracker<>(context, HealthCheck.class, null);
        this.scr = new ServiceTracker<>(context, ServiceComponentRuntime.class, null);
        this.clock = clock;
    }

    void open() {
        checks.open();
        scr.open();
    }

    void close() {
        checks.close();
        scr.close();
    }

    /** A reason the set is not healthy; a hard one will not heal by waiting. */
    record Fault(String reason, boolean hard) {
    }

    /** The names of the checks unhealthy now: taken before a change, they are forgiven after it. */
    Set<String> unhealthyNow() {
        Set<String> names = new HashSet<>();
        for (HealthCheck check : checks.getTracked().values()) {
            try {
                if (!check.check().healthy()) {
                    names.add(check.name());
                }
            } catch (RuntimeException e) {
                names.add(check.name());
            }
        }
        return names;
    }

    /**
     * Waits until the set has been healthy for {@code settle} without a break, or a hard fault, or the end of the
     * gate; empty when it passed, else why not.
     */
    Optional<String> await(Collection<Bundle> bundles, Map<String, String> startFailures, Set<String> forgiven,
            Duration gate, Duration settle) throws InterruptedException {
        if (!startFailures.isEmpty()) {
            var first = startFailures.entrySet().iterator().next();
            return Optional.of(first.getKey() + " failed to start: " + first.getValue());
        }
        long start = clock.getAsLong();
        long deadline = start + gate.toMillis();
        long healthySince = -1;
        Fault last = null;
        while (true) {
            Fault fault = fault(bundles, forgiven);
            long now = clock.getAsLong();
            if (fault != null && fault.hard()) {
                return Optional.of(fault.reason());
            }
            if (fault == null) {
                healthySince = healthySince < 0 ? now : healthySince;
                if (now - healthySince >= settle.toMillis()) {
                    return Optional.empty();
                }
            } else {
                healthySince = -1;
                last = fault;
            }
            if (now >= deadline) {
                return Optional.of("not healthy within " + gate.toSeconds() + " s: "
                        + (last == null ? "it did not stay healthy for " + settle.toMillis() + " ms" : last.reason()));
            }
            Thread.sleep(100);
        }
    }

    /** The first fault of the set now, or null. */
    Fault fault(Collection<Bundle> bundles, Set<String> forgiven) {
        ServiceComponentRuntime runtime = scr.getService();
        for (Bundle bundle : bundles) {
            Fault fault = bundleFault(bundle, runtime);
            if (fault != null) {
                return fault;
            }
        }
        Set<String> touched = new HashSet<>();
        bundles.forEach(b -> touched.add(b.getSymbolicName()));
        for (Map.Entry<ServiceReference<HealthCheck>, HealthCheck> tracked : checks.getTracked().entrySet()) {
            HealthCheck check = tracked.getValue();
            Bundle owner = tracked.getKey().getBundle();
            try {
                HealthResult result = check.check();
                boolean excused = forgiven.contains(check.name()) && owner != null
                        && !touched.contains(owner.getSymbolicName());
                if (!result.healthy() && !excused) {
                    return new Fault("the health check " + check.name() + " fails: " + result.reason(), false);
                }
            } catch (RuntimeException e) {
                return new Fault("the health check " + check.name() + " throws " + e, false);
            }
        }
        return apiAnswers() ? null : new Fault("the device API does not answer /ping", false);
    }

    private static Fault bundleFault(Bundle bundle, ServiceComponentRuntime scr) {
        String name = bundle.getSymbolicName() + " " + bundle.getVersion();
        if (bundle.getState() == Bundle.UNINSTALLED) {
            return new Fault(name + " was uninstalled", true);
        }
        if (SetInstaller.isFragment(bundle)) {
            return null;
        }
        if (bundle.getState() != Bundle.ACTIVE && bundle.getState() != Bundle.STARTING) {
            return new Fault(name + " is not active", false);
        }
        if (scr == null) {
            return new Fault("the component runtime (SCR) is not running", false);
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            if (!scr.isComponentEnabled(description)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state == FAILED_ACTIVATION) {
                    return new Fault("the component " + description.name + " of " + name + " failed to activate: "
                            + firstLine(configuration.failure), true);
                }
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    String missing = Arrays.stream(configuration.unsatisfiedReferences).map(r -> r.name)
                            .reduce((a, b) -> a + ", " + b).orElse("?");
                    return new Fault("the component " + description.name + " of " + name + " lacks " + missing,
                            false);
                }
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    return new Fault("the component " + description.name + " of " + name
                            + " lacks its configuration", false);
                }
            }
        }
        return null;
    }

    private static String firstLine(String failure) {
        if (failure == null) {
            return "no reason given";
        }
        int end = failure.indexOf('\n');
        return (end < 0 ? failure : failure.substring(0, end)).trim();
    }

    /** Over HTTP, as a client sees it: the port is the one the HTTP runtime says it bound. */
    boolean apiAnswers() {
        Optional<URI> base = apiBase(context);
        if (base.isEmpty()) {
            return false;
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) base.get().resolve("ping").toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Where the device API says it answers: absent while the API is not listening. */
    static Optional<URI> apiBase(BundleContext context) {
        ServiceReference<ApiEndpoint> endpoint = context.getServiceReference(ApiEndpoint.class);
        Object uri = endpoint == null ? null : endpoint.getProperty(ApiEndpoint.URI_PROPERTY);
        return uri == null ? Optional.empty() : Optional.of(URI.create(uri.toString()));
    }
}
