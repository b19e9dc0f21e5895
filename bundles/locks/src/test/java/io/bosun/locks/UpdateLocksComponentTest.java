package io.bosun.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS component with a plain configuration, its reference set as SCR sets it. */
class UpdateLocksComponentTest {
    @TempDir
    Path dir;

    final UpdateLocksComponent component = new UpdateLocksComponent();

    record Config(Path locksDir) implements SupervisorConfig {
        @Override
        public SupervisorSettings settings() {
            return new SupervisorSettings(locksDir.resolveSibling("data"), "127.0.0.1", 0,
                    locksDir.resolveSibling("config.json"), URI.create("unix:///var/run/docker.sock"), locksDir);
        }

        @Override
        public DeviceIdentity device() {
            return new DeviceIdentity("0123456789abcdef0123456789abcdef", Optional.empty(), null, null);
        }

        @Override
        public String version() {
            return "test";
        }
    }

    @Test
    void withoutAConfigurationEveryCallSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> component.lock(123, List.of("one"), false, Duration.ZERO));
        assertEquals("no supervisor configuration", e.getMessage());
        assertThrows(IllegalStateException.class, () -> component.lockExisting(123, false, Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> component.hasLeftoverLocks(123));
        assertThrows(IllegalStateException.class, () -> component.releaseLeftovers(123));
        assertThrows(IllegalStateException.class, () -> component.userLocks(123));
    }

    @Test
    void locksGoUnderTheConfiguredLockRoot() throws Exception {
        TestLocks.requireRoot();
        component.config = new Config(dir.resolve("locks"));
        try (HeldLocks held = component.lock(123, List.of("one"), false, Duration.ZERO)) {
            assertTrue(Files.exists(dir.resolve("locks/services/123/one/updates.lock")));
        }
    }

    @Test
    void theAppsPermitOutlivesAConfigurationChange() throws Exception {
        TestLocks.requireRoot();
        component.config = new Config(dir.resolve("locks"));
        try (HeldLocks held = component.lock(123, List.of("one"), false, Duration.ZERO)) {
            component.config = new Config(dir.resolve("other"));
            UpdatesLockedException e = assertThrows(UpdatesLockedException.class,
                    () -> component.lock(123, List.of("one"), false, Duration.ofMillis(10)));
            assertEquals("Locks for app 123 are being held by another supervisor operation", e.getMessage());
        }
    }
}
