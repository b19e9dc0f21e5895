package io.bosun.host;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.config.ConfigJsonWriter;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.host.HostControl;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.store.RecordStore;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers the host's routes ({@link HostRoutes}) on the device API's route whiteboard, one {@link ApiRoute}
 * service each. Every service they use is optional and dynamic: a route whose part is away (during its hot update)
 * answers 503, and the routes are never registered again for it. The settings (LED file, VPN status folder) are
 * the {@value CommandHostControl#PID} configuration's, shared with {@link CommandHostControl}, which designates it.
 */
@Component(service = {}, immediate = true, configurationPid = CommandHostControl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HostRoutesComponent {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SupervisorConfig config;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TargetIntake intake;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RecordStore records;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UpdateLocks locks;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HostControl control;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigJsonWriter writer;

    private volatile HostSettings settings;
    private final List<ServiceRegistration<ApiRoute>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context, CommandHostControl.Settings settings) {
        modified(settings);
        HostRoutes routes = new HostRoutes(new HostRoutes.Parts(() -> Optional.ofNullable(config),
                () -> Optional.ofNullable(intake), () -> Optional.ofNullable(records),
                () -> Optional.ofNullable(locks), () -> Optional.ofNullable(control),
                () -> Optional.ofNullable(writer), () -> this.settings), new Blinker(() -> this.settings.ledFile()));
        for (Map.Entry<String, ApiRoute> route : routes.routes().entrySet()) {
            Dictionary<String, Object> properties = new Hashtable<>(Map.of("io.bosun.route", route.getKey()));
            registrations.add(context.registerService(ApiRoute.class, route.getValue(), properties));
        }
    }

    @Modified
    void modified(CommandHostControl.Settings settings) {
        this.settings = CommandHostControl.of(settings);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<ApiRoute> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle's context.
            }
        }
        registrations.clear();
    }
}
