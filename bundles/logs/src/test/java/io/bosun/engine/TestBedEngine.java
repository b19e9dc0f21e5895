package io.bosun.engine;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.EngineListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The engine bundle's component wired to the test bed's engine (scripts/testbed.sh), for the logs bundle's
 * tests: here because the engine's classes are package-private. Its listeners are added as SCR would add them.
 */
public final class TestBedEngine {
    private TestBedEngine() {
    }

    public static ContainerEngine open(Path dataDir) {
        SupervisorSettings settings = new SupervisorSettings(dataDir, "127.0.0.1", 0, dataDir.resolve("config.json"),
                URI.create(dockerHost()), dataDir.resolve("locks"));
        DockerEngine engine = new DockerEngine();
        engine.bindConfig(new SupervisorConfig() {
            @Override
            public SupervisorSettings settings() {
                return settings;
            }

            @Override
            public DeviceIdentity device() {
                return new DeviceIdentity("testdevice", Optional.empty(), "generic-amd64", "amd64");
            }

            @Override
            public String version() {
                return "test";
            }
        });
        return engine;
    }

    public static void addListener(ContainerEngine engine, EngineListener listener) {
        ((DockerEngine) engine).addListener(listener);
    }

    public static void removeListener(ContainerEngine engine, EngineListener listener) {
        ((DockerEngine) engine).removeListener(listener);
    }

    public static void close(ContainerEngine engine) {
        ((DockerEngine) engine).deactivate();
    }

    private static String dockerHost() {
        Path dir = Path.of(System.getenv().getOrDefault("BOSUN_TESTBED_DIR", "/var/tmp/bosun-testbed"));
        Path file = dir.resolve("testbed.env");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: run scripts/testbed.sh (./bosun test does)");
        }
        Properties env = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            env.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return env.getProperty("DOCKER_HOST", "unix:///var/run/docker.sock");
    }
}
