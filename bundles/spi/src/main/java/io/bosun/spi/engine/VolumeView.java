package io.bosun.spi.engine;

import io.bosun.spi.target.VolumeConfig;
import java.util.Objects;

/**
 * A supervised volume. Its config holds the labels the app asked for, without the supervisor's own, so it
 * compares equal to the target's {@link VolumeConfig}.
 *
 * @param engineName the engine's name, {@code <appId>_<name>}
 */
public record VolumeView(String engineName, long appId, String appUuid, String name, VolumeConfig config) {

    public VolumeView {
        Objects.requireNonNull(engineName, "engineName");
        Objects.requireNonNull(appUuid, "appUuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
    }
}
