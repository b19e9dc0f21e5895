package io.bosun.spi.config;

import org.osgi.annotation.versioning.ProviderType;

/** The supervisor's configuration, registered once it has been read and found valid. */
@ProviderType
public interface SupervisorConfig {

    /** The process settings. */
    SupervisorSettings settings();

    /** The device identity from {@code config.json}. */
    DeviceIdentity device();

    /**
     * The version reported on {@code /v2/version}: the balena Supervisor API level Bosun is compatible with,
     * with Bosun's own version as semver build metadata (e.g. {@code 19.0.5+bosun.0.1.0}), so that tools that
     * gate features on the supervisor version keep working.
     */
    String version();
}
