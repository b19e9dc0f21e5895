package io.bosun.spi.target;

import java.util.Map;
import java.util.Objects;

/**
 * One release of an app.
 *
 * @param commit the release uuid (the key in {@code releases})
 * @param id the numeric release id
 * @param services services by service name, in document order
 * @param volumes volumes by name
 * @param networks networks by name
 */
public record TargetRelease(String commit, long id, Map<String, TargetService> services,
        Map<String, VolumeConfig> volumes, Map<String, NetworkConfig> networks) {
    public TargetRelease {
        Objects.requireNonNull(commit, "commit");
        services = Maps.copy(services);
        volumes = Maps.copy(volumes);
        networks = Maps.copy(networks);
    }
}
