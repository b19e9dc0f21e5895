package io.bosun.reconciler.plan;

import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.VolumeConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One app of the target as the planner sees it: its release, services, volumes and networks. Every app has a
 * {@code default} network; it is config-only (no addresses taken from the host) when no service would join it.
 */
public record AppTarget(long appId, String appUuid, String appName, String commit, long releaseId,
        List<ServiceTarget> services, Map<String, VolumeConfig> volumes, Map<String, NetworkConfig> networks) {

    public static final String DEFAULT_NETWORK = "default";

    public AppTarget {
        Objects.requireNonNull(appUuid, "appUuid");
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(commit, "commit");
        services = List.copyOf(services);
        volumes = Map.copyOf(volumes);
        networks = withDefaultNetwork(networks, services);
    }

    public Optional<ServiceTarget> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Whether every image of the release is on the device. */
    public boolean imagesReady() {
        return services.stream().allMatch(ServiceTarget::ready);
    }

    /** The same app with other services (intermediate targets of restart and purge). */
    public AppTarget withServices(List<ServiceTarget> newServices) {
        return new AppTarget(appId, appUuid, appName, commit, releaseId, newServices, volumes, networks);
    }

    private static Map<String, NetworkConfig> withDefaultNetwork(Map<String, NetworkConfig> networks,
            List<ServiceTarget> services) {
        if (networks.containsKey(DEFAULT_NETWORK)) {
            return Map.copyOf(networks);
        }
        Map<String, NetworkConfig> all = new LinkedHashMap<>(networks);
        all.put(DEFAULT_NETWORK, defaultNetwork(services.stream().map(ServiceTarget::service).toList()));
        return Map.copyOf(all);
    }

    /** The default network of an app of these services: config-only when none would join it. */
    public static NetworkConfig defaultNetwork(Collection<TargetService> services) {
        boolean allHost = services.stream().allMatch(s -> Compose.hostNetwork(s.composition()));
        return new NetworkConfig(null, null, null, false, false, null, allHost);
    }
}
