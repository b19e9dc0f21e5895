package io.bosun.store;

import io.bosun.codec.JacksonTargetStateCodec;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.target.TargetState;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes a target into a data folder's database with the store and codec the runtime uses, for system tests
 * that start the runtime on a stored target. In this package because the component's bind and deactivate
 * methods are package-private (SCR calls them). Only while no runtime uses the folder: SQLite would let both
 * write, but the runtime would not know that its target changed.
 */
public final class TargetSeeder {
    private TargetSeeder() {
    }

    /** Seeds a target as the local API would ({@code source} {@code local}): what an unmanaged device runs. */
    public static void seed(Path dataDir, TargetState target) throws StoreException {
        seed(dataDir, target, "local");
    }

    /**
     * Replaces the stored target of a source (a managed device runs its cloud endpoint's) and reads it back: a
     * target the codec cannot round-trip would be applied differently from what the test asked for.
     */
    public static void seed(Path dataDir, TargetState target, String source) throws StoreException {
        TargetStoreComponent store = new TargetStoreComponent();
        try {
            store.bindCodec(new JacksonTargetStateCodec());
            store.bindConfig(new Config(dataDir, target.deviceUuid()));
            store.replaceTarget(target, source);
            TargetState stored = store.targets().get(source).target();
            if (!stored.equals(target)) {
                throw new IllegalStateException("the store gave back another target than the one seeded:\n"
                        + target + "\n" + stored);
            }
        } finally {
            // Closes the database, so the runtime opens it as after a clean stop (or recovers the WAL if not).
            store.deactivate();
        }
    }

    /** Just what the store reads: the data folder; the rest only has to be valid. */
    private record Config(Path dataDir, String deviceUuid) implements SupervisorConfig {
        @Override
        public SupervisorSettings settings() {
            return new SupervisorSettings(dataDir, "127.0.0.1", 0, dataDir.resolve("config.json"),
                    URI.create("unix:///var/run/docker.sock"), dataDir.resolve("locks"));
        }

        @Override
        public DeviceIdentity device() {
            return new DeviceIdentity(deviceUuid, Optional.empty(), null, null);
        }

        @Override
        public String version() {
            return "systests";
        }
    }
}
