package io.bosun.spi.engine;

import java.util.Map;

/**
 * A supervised volume ({@code <appId>_<name>} on the engine).
 *
 * @param appId the app the volume belongs to
 * @param name the volume name within the app
 * @param driver the driver
 * @param labels the volume's labels
 */
public record VolumeView(long appId, String name, String driver, Map<String, String> labels) {
    public VolumeView {
        labels = Map.copyOf(labels);
    }
}
