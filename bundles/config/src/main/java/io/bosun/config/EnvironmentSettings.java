package io.bosun.config;

import io.bosun.spi.config.SupervisorSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link SupervisorSettings} from environment variables. Pure: the environment, whether the process runs
 * as root and the working folder are parameters, so every rule is unit-tested without touching the process.
 */
final class EnvironmentSettings {
    static final String DATA_DIR = "BOSUN_DATA_DIR";
    static final String API_HOST = "BOSUN_API_HOST";
    static final String API_PORT = "BOSUN_API_PORT";
    static final String CONFIG_JSON = "BOSUN_CONFIG_JSON";
    static final String DOCKER_HOST = "DOCKER_HOST";
    static final String LOCKS_DIR = "BOSUN_LOCKS_DIR";

    static final int DEFAULT_API_PORT = 48484;
    static final String DEFAULT_API_HOST = "127.0.0.1";
    static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    static final String DEFAULT_LOCKS_DIR = "/tmp/balena-supervisor";

    private EnvironmentSettings() {
    }

    static SupervisorSettings read(Map<String, String> env, boolean root, Path workingDir)
            throws InvalidSettingException {
        Path dataDir = path(env, DATA_DIR).orElse(root ? Path.of("/var/lib/bosun") : workingDir.resolve("data"));
        Path configJson = path(env, CONFIG_JSON).orElse(dataDir.resolve("config.json"));
        Path locksDir = path(env, LOCKS_DIR).orElse(Path.of(DEFAULT_LOCKS_DIR));
        return new SupervisorSettings(dataDir.toAbsolutePath().normalize(), host(env), port(env),
                configJson.toAbsolutePath().normalize(), dockerHost(env), locksDir.toAbsolutePath().normalize());
    }

    /** A variable's value, stripped; empty when unset. A set but empty variable is an error, not the default. */
    static Optional<String> value(Map<String, String> env, String variable) throws InvalidSettingException {
        String raw = env.get(variable);
        if (raw == null) {
            return Optional.empty();
        }
        if (raw.isBlank()) {
            throw new InvalidSettingException(variable, "is set but empty; unset it to use the default");
        }
        return Optional.of(raw.strip());
    }

    static Optional<Path> path(Map<String, String> env, String variable) throws InvalidSettingException {
        Optional<String> raw = value(env, variable);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(raw.get()));
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(variable, "'" + raw.get() + "' is not a valid path");
        }
    }

    private static int port(Map<String, String> env) throws InvalidSettingException {
        Optional<String> raw = value(env, API_PORT);
        if (raw.isEmpty()) {
            return DEFAULT_API_PORT;
        }
        try {
            int port = Integer.parseInt(raw.get());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the same words as an out-of-range number
        }
        throw new InvalidSettingException(API_PORT,
                "'" + raw.get() + "' is not a port number (0-65535; 0 picks a free port)");
    }

    private static String host(Map<String, String> env) throws InvalidSettingException {
        Optional<String> raw = value(env, API_HOST);
        if (raw.isEmpty()) {
            return DEFAULT_API_HOST;
        }
        String host = raw.get();
        // A host name or an IPv4/IPv6 literal; anything with spaces, slashes or a scheme is a mistake.
        if (!host.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
            throw new InvalidSettingException(API_HOST, "'" + host + "' is not a host name or IP address");
        }
        return host;
    }

    private static URI dockerHost(Map<String, String> env) throws InvalidSettingException {
        String raw = value(env, DOCKER_HOST).orElse(DEFAULT_DOCKER_HOST);
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(DOCKER_HOST, "'" + raw + "' is not a URI (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "unix":
                if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
                    throw new InvalidSettingException(DOCKER_HOST,
                            "'" + raw + "' needs an absolute socket path, e.g. unix:///var/run/docker.sock");
                }
                return uri;
            case "tcp":
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new InvalidSettingException(DOCKER_HOST,
                            "'" + raw + "' needs a host and a port, e.g. tcp://127.0.0.1:2375");
                }
                return uri;
            default:
                throw new InvalidSettingException(DOCKER_HOST,
                        "'" + raw + "' has scheme '" + scheme + "'; use unix:// or tcp://");
        }
    }
}
