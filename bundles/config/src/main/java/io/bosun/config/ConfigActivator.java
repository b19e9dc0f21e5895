package io.bosun.config;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorSettings;
import java.io.IOException;
import java.nio.file.Files;
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

/**
 * Reads the settings once, before the HTTP server and the supervisor's components start (this bundle has a
 * lower start level), so that a bad value stops the process before anything half-starts.
 */
public final class ConfigActivator implements BundleActivator {
    /** The ConfigAdmin PID of the supervisor's settings. */
    public static final String PID = "io.bosun.config";
    /** The balena Supervisor release whose API Bosun answers like. */
    static final String BALENA_API_LEVEL = "19.0.5";
    /** EX_CONFIG from sysexits.h: a configuration error. */
    static final int EXIT_BAD_SETTING = 78;

    private ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmin;

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties;
        try {
            properties = load(context);
        } catch (InvalidSettingException e) {
            System.err.println("bosun: cannot start: " + e.getMessage());
            System.err.flush();
            System.exit(EXIT_BAD_SETTING);
            return;
        }
        configAdmin = new ServiceTracker<>(context, ConfigurationAdmin.class, null) {
            @Override
            public ConfigurationAdmin addingService(ServiceReference<ConfigurationAdmin> reference) {
                ConfigurationAdmin admin = super.addingService(reference);
                publish(admin, properties);
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

    private static Hashtable<String, Object> load(BundleContext context) throws InvalidSettingException {
        Map<String, String> env = System.getenv();
        boolean root = "root".equals(System.getProperty("user.name"));
        SupervisorSettings settings = EnvironmentSettings.read(env, root, Path.of("").toAbsolutePath());
        createDataDir(settings.dataDir());
        DeviceIdentity device = ConfigJsonFile.readOrInitialise(settings.configJson(), EnvironmentSettings.CONFIG_JSON,
                System.getProperty("os.arch"));
        // Felix HTTP reads these when it starts, which is after this bundle: the server binds the right port once.
        System.setProperty("org.osgi.service.http.port", Integer.toString(settings.apiPort()));
        System.setProperty("org.apache.felix.http.host", settings.apiHost());
        return ConfigurationProperties.of(settings, device, version(context.getBundle().getVersion()));
    }

    private static void createDataDir(Path dataDir) throws InvalidSettingException {
        try {
            Files.createDirectories(dataDir);
            if (!Files.isWritable(dataDir)) {
                throw new InvalidSettingException(EnvironmentSettings.DATA_DIR, dataDir + " is not writable");
            }
        } catch (IOException e) {
            throw new InvalidSettingException(EnvironmentSettings.DATA_DIR,
                    "cannot create " + dataDir + " (" + e + ")");
        }
    }

    static String version(Version bundleVersion) {
        return BALENA_API_LEVEL + "+bosun." + bundleVersion.getMajor() + "." + bundleVersion.getMinor() + "."
                + bundleVersion.getMicro();
    }

    private static void publish(ConfigurationAdmin admin, Hashtable<String, Object> properties) {
        try {
            Configuration configuration = admin.getConfiguration(PID, "?");
            configuration.updateIfDifferent(properties);
        } catch (IOException e) {
            System.err.println("bosun: cannot publish the configuration " + PID + ": " + e);
        }
    }
}
