package io.bosun.store;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** A plain configuration naming a data folder, as the config bundle registers it. */
record TestConfig(Path dataDir) implements SupervisorConfig {
    @Override
    public SupervisorSettings settings() {
        return new SupervisorSettings(dataDir, "127.0.0.1", 0, dataDir.resolve("config.json"),
                URI.create("unix:///var/run/docker.sock"), dataDir.resolve("locks"));
    }

    @Override
    public DeviceIdentity device() {
        return new DeviceIdentity(TestTargets.DEVICE, Optional.empty(), null, null);
    }

    @Override
    public String version() {
        return "test";
    }
}
