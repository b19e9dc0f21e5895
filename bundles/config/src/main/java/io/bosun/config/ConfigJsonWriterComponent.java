package io.bosun.config;

import io.bosun.spi.config.ConfigJsonWriter;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Map;
import java.util.Set;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConfigJsonWriter} service: changes {@code config.json} through {@link ConfigJsonEditor}, then
 * republishes the identity by updating the {@value ConfigActivator#PID} configuration, which
 * {@link SupervisorConfigComponent} takes in without being registered again. ConfigAdmin delivers the change
 * asynchronously: {@code SupervisorConfig.device()} shows it shortly after {@link #update} returns, which answers
 * the new identity at once.
 */
@Component(service = ConfigJsonWriter.class)
public final class ConfigJsonWriterComponent implements ConfigJsonWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigJsonWriterComponent.class);

    private final Path file;
    private final String jvmArch;
    private final ConfigurationAdmin configAdmin;

    /** The file is the one the supervisor was started with, fixed for the life of the process. */
    @Activate
    public ConfigJsonWriterComponent(@Reference SupervisorConfig config, @Reference ConfigurationAdmin configAdmin) {
        this(config.settings().configJson(), System.getProperty("os.arch"), configAdmin);
    }

    ConfigJsonWriterComponent(Path file, String jvmArch, ConfigurationAdmin configAdmin) {
        this.file = file;
        this.jvmArch = jvmArch;
        this.configAdmin = configAdmin;
    }

    @Override
    public DeviceIdentity update(Map<String, Object> set, Set<String> remove) throws IOException {
        ConfigJsonEditor.Outcome outcome = ConfigJsonEditor.update(file, set, remove,
                written -> republish(ConfigJsonFields.identity(written, jvmArch)));
        return ConfigJsonFields.identity(outcome.config(), jvmArch);
    }

    /**
     * The file is written by now and stays so: a configuration that cannot be updated is logged, not thrown, since
     * the caller's change did happen (and the next start reads it from the file).
     */
    private void republish(DeviceIdentity device) {
        try {
            Configuration configuration = configAdmin.getConfiguration(ConfigActivator.PID, "?");
            Dictionary<String, Object> current = configuration.getProperties();
            if (current == null) {
                LOG.warn("{} was changed, but there is no {} configuration to republish the identity in",
                        file, ConfigActivator.PID);
                return;
            }
            configuration.updateIfDifferent(ConfigurationProperties.withIdentity(current, device));
        } catch (IOException | RuntimeException e) {
            LOG.error("{} was changed, but the {} configuration could not be updated: SupervisorConfig shows the "
                    + "old identity until the next start ({})", file, ConfigActivator.PID, e.toString());
        }
    }
}
