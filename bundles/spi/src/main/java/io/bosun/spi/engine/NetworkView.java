package io.bosun.spi.engine;

import java.util.Map;

/**
 * A supervised network ({@code <appUuid>_<name>} on the engine).
 *
 * @param id the engine's network id
 * @param appUuid the app the network belongs to
 * @param name the network name within the app
 * @param driver the driver
 * @param labels the network's labels
 */
public record NetworkView(String id, String appUuid, String name, String driver, Map<String, String> labels) {
    public NetworkView {
        labels = Map.copyOf(labels);
    }
}
