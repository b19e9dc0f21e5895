package io.bosun.spi.target;

import java.util.List;
import java.util.Map;

/**
 * IPAM settings of a network.
 *
 * @param driver the IPAM driver (default {@code default})
 * @param config address pools
 * @param options driver options
 */
public record Ipam(String driver, List<IpamPool> config, Map<String, String> options) {
    public static final String DEFAULT_DRIVER = "default";

    public Ipam {
        driver = driver == null ? DEFAULT_DRIVER : driver;
        config = config == null ? List.of() : List.copyOf(config);
        options = Maps.copy(options);
    }
}
