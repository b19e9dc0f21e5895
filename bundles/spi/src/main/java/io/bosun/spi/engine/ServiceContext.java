package io.bosun.spi.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * What a service's container gets from outside its own definition: the app and release it belongs to and the
 * device facts injected into its environment ({@code BALENA_*}).
 *
 * @param lockFolder the service's lock folder on the host, which its container mounts at {@code /tmp/balena}
 *        and {@code /tmp/resin} (from {@link io.bosun.spi.locks.UpdateLocks#serviceFolder})
 * @param supervisorApiKey the scoped key given to services with the supervisor-api feature
 * @param supervisorApiPort the port of the device API
 * @param cloudApiKey the device API key given to services with the balena-api feature
 * @param cloudApiEndpoint the cloud API given to services with the balena-api feature
 */
public record ServiceContext(long appId, String appUuid, String appName, long releaseId, String commit,
        String deviceUuid, String deviceName, String deviceType, String deviceArch, String hostOsVersion,
        String lockFolder, Optional<String> supervisorApiKey, int supervisorApiPort, Optional<String> cloudApiKey,
        Optional<String> cloudApiEndpoint) {

    public ServiceContext {
        Objects.requireNonNull(appUuid, "appUuid");
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(deviceUuid, "deviceUuid");
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(deviceType, "deviceType");
        Objects.requireNonNull(deviceArch, "deviceArch");
        Objects.requireNonNull(hostOsVersion, "hostOsVersion");
        Objects.requireNonNull(lockFolder, "lockFolder");
        supervisorApiKey = supervisorApiKey == null ? Optional.empty() : supervisorApiKey;
        cloudApiKey = cloudApiKey == null ? Optional.empty() : cloudApiKey;
        cloudApiEndpoint = cloudApiEndpoint == null ? Optional.empty() : cloudApiEndpoint;
    }
}
