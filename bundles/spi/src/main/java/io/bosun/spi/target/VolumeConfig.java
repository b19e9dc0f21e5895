package io.bosun.spi.target;

import java.util.Map;

/**
 * A named volume of a release.
 *
 * @param driver the volume driver (default {@code local})
 * @param driverOpts driver options
 * @param labels user labels
 */
public record VolumeConfig(String driver, Map<String, String> driverOpts, Map<String, String> labels) {
    public static final String DEFAULT_DRIVER = "local";

    public VolumeConfig {
        driver = driver == null ? DEFAULT_DRIVER : driver;
        driverOpts = Maps.copy(driverOpts);
        labels = Maps.copy(labels);
    }
}
