package io.bosun.spi.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The supervisor's own settings, fixed for the life of the process.
 *
 * @param dataDir where the database and persisted state live ({@code BOSUN_DATA_DIR})
 * @param apiHost the address the device API binds ({@code BOSUN_API_HOST})
 * @param apiPort the device API port ({@code BOSUN_API_PORT}; 0 asks for any free port)
 * @param configJson the device's {@code config.json} ({@code BOSUN_CONFIG_JSON})
 * @param dockerHost the engine endpoint ({@code DOCKER_HOST})
 * @param locksDir the host root of the update-lock folders ({@code BOSUN_LOCKS_DIR})
 */
public record SupervisorSettings(Path dataDir, String apiHost, int apiPort, Path configJson, URI dockerHost,
        Path locksDir) {
    public SupervisorSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(apiHost, "apiHost");
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(dockerHost, "dockerHost");
        Objects.requireNonNull(locksDir, "locksDir");
        if (apiPort < 0 || apiPort > 65535) {
            throw new IllegalArgumentException("apiPort out of range: " + apiPort);
        }
    }
}
