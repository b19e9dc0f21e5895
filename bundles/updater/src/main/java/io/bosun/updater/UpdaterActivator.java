package io.bosun.updater;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.bundles.BundleUpdates;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.EngineListener;
import io.bosun.spi.intake.SelectionListener;
import io.bosun.spi.intake.TargetIntake;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts at level 5, after the config bundle published the settings and before the supervisor's components:
 * installs the committed set first (the launcher installs the shipped one at every start), so the components
 * start once, on the right set. A plain activator, not a component: it must run before SCR starts anything else,
 * and synchronously.
 */
public final class UpdaterActivator implements BundleActivator {
    private static final Logger LOG = LoggerFactory.getLogger(UpdaterActivator.class);

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private Updater updater;
    private SystemMessages messages;
    private ServiceTracker<TargetIntake, TargetIntake> intake;
    private ServiceTracker<ContainerEngine, ContainerEngine> engine;
    private ScheduledExecutorService carrierThread;

    @Override
    public void start(BundleContext context) throws IOException, InvalidSyntaxException {
        UpdaterSettings settings = UpdaterSettings.of(properties(context, UpdaterSettings.CONFIG_PID),
                properties(context, UpdaterSettings.PID));
        messages = new SystemMessages(context);
        messages.open();
        updater = new Updater(context, settings, messages);
        updater.open();
        // Below the supervisor's start level the framework is climbing to it: a process start, not a live update of
        // this bundle.
        int level = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        updater.boot(level < SetInstaller.VENDOR_START_LEVEL);
        registrations.add(context.registerService(BundleUpdates.class, updater, null));
        for (ApiRoute route : new BundleRoutes(updater).routes()) {
            registrations.add(context.registerService(ApiRoute.class, route, null));
        }
        intake = new ServiceTracker<>(context, TargetIntake.class, null);
        intake.open();
        engine = new ServiceTracker<>(context, ContainerEngine.class, null);
        engine.open();
        carrierThread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bosun-updater-carriers"));
        CarrierWatcher watcher = new CarrierWatcher(intake::getService, engine::getService, updater, carrierThread);
        registrations.add(context.registerService(new String[] {EngineListener.class.getName(),
                SelectionListener.class.getName()}, watcher, null));
        watcher.start();
        // The launcher starts the framework, then raises its start level: started is when that reaches ours + more.
        context.addFrameworkListener(event -> {
            boolean levelReached = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel()
                    >= SetInstaller.VENDOR_START_LEVEL;
            if ((event.getType() == FrameworkEvent.STARTED || event.getType() == FrameworkEvent.STARTLEVEL_CHANGED)
                    && levelReached) {
                updater.frameworkStarted();
            }
        });
    }

    @Override
    public void stop(BundleContext context) {
        registrations.forEach(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        });
        registrations.clear();
        if (carrierThread != null) {
            carrierThread.shutdownNow();
        }
        if (updater != null) {
            updater.stop();
        }
        if (intake != null) {
            intake.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (messages != null) {
            messages.close();
        }
    }

    /** A configuration's properties as they are now, without creating it (null when it does not exist). */
    private static Dictionary<String, Object> properties(BundleContext context, String pid)
            throws IOException, InvalidSyntaxException {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        if (reference == null) {
            LOG.error("ConfigAdmin is not running before the updater: the start levels are wrong");
            return null;
        }
        ConfigurationAdmin admin = context.getService(reference);
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=" + pid + ")");
            return found == null || found.length == 0 ? null : found[0].getProperties();
        } finally {
            context.ungetService(reference);
        }
    }
}
