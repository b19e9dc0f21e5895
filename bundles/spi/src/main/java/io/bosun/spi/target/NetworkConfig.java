package io.bosun.spi.target;

import java.util.Map;
import java.util.Optional;

/**
 * A network of a release.
 *
 * @param driver the network driver (default {@code bridge})
 * @param driverOpts driver options
 * @param ipam IPAM settings; empty when the target gives none (the engine then assigns addresses)
 * @param enableIpv6 whether IPv6 is enabled
 * @param internal whether the network is internal
 * @param labels user labels
 * @param configOnly whether this is a config-only network
 */
public record NetworkConfig(String driver, Map<String, String> driverOpts, Optional<Ipam> ipam, boolean enableIpv6,
        boolean internal, Map<String, String> labels, boolean configOnly) {
    public static final String DEFAULT_DRIVER = "bridge";

    public NetworkConfig {
        driver = driver == null ? DEFAULT_DRIVER : driver;
        driverOpts = Maps.copy(driverOpts);
        ipam = ipam == null ? Optional.empty() : ipam;
        labels = Maps.copy(labels);
    }
}
