package io.bosun.config;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Offers the {@value ConfigActivator#PID} configuration as the {@link SupervisorConfig} service. The activator
 * writes the configuration from the environment and {@code config.json} at start, the {@code ConfigJsonWriter}
 * whenever it changes the file; tests and vendors may write it through ConfigAdmin too.
 *
 * <p>A change is taken in by {@link #modified}, not by a new activation: the service stays registered, the same
 * object, so consumers (optional, dynamic, greedy references) are not unbound and bound again; they read the new
 * values on their next call, or in an {@code updated} method if they declare one.
 */
@Component(configurationPid = ConfigActivator.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SupervisorConfigComponent.Settings.class)
public final class SupervisorConfigComponent implements SupervisorConfig {

    @ObjectClassDefinition(name = "Bosun supervisor settings",
            description = "Written at start from the BOSUN_* environment variables and config.json, and again by "
                    + "the config.json writer when it changes the file.")
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

        @AttributeDefinition(description = "Fleet to register in (config.json applicationId); absent when unknown",
                required = false)
        long applicationId();

        @AttributeDefinition(description = "The cloud's id of the device (config.json deviceId); absent until "
                + "registered", required = false)
        long deviceId();

        @AttributeDefinition(description = "When the device registered, ms since the epoch (config.json "
                + "registered_at); absent until registered", required = false)
        long registeredAt();

        @AttributeDefinition(description = "Host name set through the device API (config.json hostname)",
                required = false)
        String hostname() default "";

        /** {@code .deviceApiKey}: private, so not a service property. */
        @AttributeDefinition(description = "The device's key for the cloud (config.json deviceApiKey)",
                required = false)
        String _deviceApiKey() default "";

        /** {@code .provisioningKey}: private, so not a service property. */
        @AttributeDefinition(description = "The fleet's provisioning key (config.json apiKey), gone once registered",
                required = false)
        String _provisioningKey() default "";

        /** {@code .configJsonText}: private, so not a service property. */
        @AttributeDefinition(description = "The whole config.json as JSON text, as last written", required = false)
        String _configJsonText() default "{}";

        @AttributeDefinition(description = "Version reported on /v2/version")
        String version();
    }

    /** What the service answers, replaced whole on a change so that no caller sees half of one. */
    private record Answers(SupervisorSettings settings, DeviceIdentity device, String version) {
    }

    private volatile Answers answers;

    /**
     * The settings come through the annotation, so its defaults apply; the identity from the raw properties, where
     * an optional field that is absent stays absent (the annotation would answer 0).
     */
    @Activate
    public SupervisorConfigComponent(Settings config, Map<String, Object> properties) {
        this.answers = answers(config, properties);
    }

    @Modified
    void modified(Settings config, Map<String, Object> properties) {
        this.answers = answers(config, properties);
    }

    private static Answers answers(Settings config, Map<String, Object> properties) {
        SupervisorSettings settings = new SupervisorSettings(Path.of(config.dataDir()), config.apiHost(),
                config.apiPort(), Path.of(config.configJson()), URI.create(config.dockerHost()),
                Path.of(config.locksDir()));
        return new Answers(settings, ConfigurationProperties.identity(properties), config.version());
    }

    @Override
    public SupervisorSettings settings() {
        return answers.settings();
    }

    @Override
    public DeviceIdentity device() {
        return answers.device();
    }

    @Override
    public String version() {
        return answers.version();
    }
}
