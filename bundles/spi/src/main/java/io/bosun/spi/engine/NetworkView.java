package io.bosun.spi.engine;

import io.bosun.spi.target.NetworkConfig;
import java.util.Objects;

/**
 * A supervised network. Its config holds what the app asked for, without the supervisor's labels, so it
 * compares equal to the target's {@link NetworkConfig}; the IPAM pools are those the app configured, or none
 * when the engine chose them.
 *
 * @param id the engine's network id (the engine may hold several networks of one name)
 * @param engineName the engine's name, {@code <appUuid>_<name>}
 */
public record NetworkView(String id, String engineName, long appId, String appUuid, String name,
        NetworkConfig config) {

    public NetworkView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(engineName, "engineName");
        Objects.requireNonNull(appUuid, "appUuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
    }
}
