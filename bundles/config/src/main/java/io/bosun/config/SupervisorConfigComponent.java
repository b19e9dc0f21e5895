package io.bosun.config;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Offers the {@value ConfigActivator#PID} configuration as the {@link SupervisorConfig} service. The activator
 * writes the configuration from the environment at start; tests and vendors may write it through ConfigAdmin too.
 */
@Component(configurationPid = ConfigActivator.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SupervisorConfigComponent.Settings.class)
public final class SupervisorConfigComponent implements SupervisorConfig {

    @ObjectClassDefinition(name = "Bosun supervisor settings",
            description = "Written at start from the BOSUN_* environment variables and config.json.")
    @interface Settings {
        @AttributeDefinition(description = "Database and persisted state (BOSUN_DATA_DIR)")
        String dataDir();

        @AttributeDefinition(description = "Address the device API binds (BOSUN_API_HOST)")
        String apiHost() default "127.0.0.1";

        @AttributeDefinition(description = "Device API port (BOSUN_API_PORT); 0 picks a free port", min = "0",
                max = "65535")
        int apiPort() default 48484;

        @AttributeDefinition(description = "The device's config.json (BOSUN_CONFIG_JSON)")
        String configJson();

        @AttributeDefinition(description = "Container engine endpoint (DOCKER_HOST)")
        String dockerHost() default "unix:///var/run/docker.sock";

        @AttributeDefinition(description = "Host root of the update-lock folders (BOSUN_LOCKS_DIR)")
        String locksDir() default "/tmp/balena-supervisor";

        @AttributeDefinition(description = "Device uuid from config.json")
        String deviceUuid();

        @AttributeDefinition(description = "Cloud API endpoint from config.json; empty means unmanaged (local mode)")
        String apiEndpoint() default "";

        @AttributeDefinition(description = "Device type slug")
        String deviceType() default "unknown";

        @AttributeDefinition(description = "Architecture slug")
        String deviceArch() default "unknown";

        @AttributeDefinition(description = "Version reported on /v2/version")
        String version();
    }

    private final SupervisorSettings settings;
    private final DeviceIdentity device;
    private final String version;

    @Activate
    public SupervisorConfigComponent(Settings config) {
        this.settings = new SupervisorSettings(Path.of(config.dataDir()), config.apiHost(), config.apiPort(),
                Path.of(config.configJson()), URI.create(config.dockerHost()), Path.of(config.locksDir()));
        this.device = new DeviceIdentity(config.deviceUuid(), Optional.of(config.apiEndpoint()),
                config.deviceType(), config.deviceArch());
        this.version = config.version();
    }

    @Override
    public SupervisorSettings settings() {
        return settings;
    }

    @Override
    public DeviceIdentity device() {
        return device;
    }

    @Override
    public String version() {
        return version;
    }
}
