package io.bosun.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the settings once, before the HTTP server and the supervisor's components start (this bundle has a
 * lower start level), and publishes them as ConfigAdmin configurations: the supervisor's own
 * ({@value #PID}) and those of the bundles whose settings come from the environment. This bundle is the only
 * reader of the environment. A bad value stops the process at its first start only ({@link BadSettingResponse}).
 */
public final class ConfigActivator implements BundleActivator {
    /** The ConfigAdmin PID of the supervisor's settings. */
    public static final String PID = "io.bosun.config";
    /** The balena Supervisor release whose API Bosun answers like. */
    static final String BALENA_API_LEVEL = "19.0.5";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigActivator.class);

    private ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmin;

    @Override
    public void start(BundleContext context) {
        BadSettingResponse badSetting = new BadSettingResponse(
                BadSettingResponse.claimFirstStart(System.getProperties()), System.err, System::exit, LOG::error);
        StartConfigurations configurations;
        try {
            configurations = StartConfigurations.read(System.getenv(), "root".equals(System.getProperty("user.name")),
                    Path.of("").toAbsolutePath(), System.getProperty("os.arch"),
                    version(context.getBundle().getVersion()));
        } catch (InvalidSettingException e) {
            badSetting.to(e);
            return;
        }
        configAdmin = new ServiceTracker<>(context, ConfigurationAdmin.class, null) {
            @Override
            public ConfigurationAdmin addingService(ServiceReference<ConfigurationAdmin> reference) {
                ConfigurationAdmin admin = super.addingService(reference);
                publish(admin, configurations.byPid());
                return admin;
            }
        };
        configAdmin.open();
    }

    @Override
    public void stop(BundleContext context) {
        if (configAdmin != null) {
            configAdmin.close();
        }
    }

    static String version(Version bundleVersion) {
        return BALENA_API_LEVEL + "+bosun." + bundleVersion.getMajor() + "." + bundleVersion.getMinor() + "."
                + bundleVersion.getMicro();
    }

    /** Unchanged configurations are left alone, so a restart of this bundle changes nothing for their users. */
    static void publish(ConfigurationAdmin admin, Map<String, Hashtable<String, Object>> byPid) {
        byPid.forEach((pid, properties) -> {
            try {
                Configuration configuration = admin.getConfiguration(pid, "?");
                configuration.updateIfDifferent(properties);
            } catch (IOException e) {
                LOG.error("Cannot publish the configuration {}: {}", pid, e.toString());
            }
        });
    }
}
