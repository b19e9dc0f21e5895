package io.bosun.spi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.target.TargetState;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which target a device runs, and whether it is in local mode (spec §5.3). */
class LocalModeRuleTest {
    static final String CLOUD = "https://api.example.com";
    static final DeviceIdentity MANAGED = new DeviceIdentity("uuid", Optional.of(CLOUD), null, null);
    static final DeviceIdentity UNMANAGED = new DeviceIdentity("uuid", Optional.empty(), null, null);

    final Map<String, TargetState> targets = new HashMap<>();
    final StateStore store = (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(),
            new Class<?>[] {StateStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("target") && args != null && args.length == 1) {
                    String source = (String) args[0];
                    return Optional.ofNullable(targets.get(source))
                            .map(t -> new StoredTarget(t, source, Instant.EPOCH));
                }
                throw new UnsupportedOperationException(method.getName());
            });

    static TargetState named(String name, Map<String, String> config) {
        return new TargetState("uuid", name, config, Map.of());
    }

    static Optional<String> name(Optional<StoredTarget> stored) {
        return stored.map(t -> t.target().name());
    }

    @Test
    void anUnmanagedDeviceIsAlwaysLocalAndRunsTheLocalTarget() throws Exception {
        assertTrue(LocalMode.active(UNMANAGED, store));
        assertEquals(Optional.empty(), LocalMode.target(UNMANAGED, store));
        targets.put(LocalMode.LOCAL_SOURCE, named("local", Map.of()));
        assertEquals(Optional.of("local"), name(LocalMode.target(UNMANAGED, store)));
    }

    @Test
    void aManagedDeviceRunsTheCloudTargetUntilItAsksForLocalMode() throws Exception {
        targets.put(LocalMode.LOCAL_SOURCE, named("local", Map.of()));
        assertFalse(LocalMode.active(MANAGED, store), "no cloud target: not local");
        assertEquals(CLOUD, LocalMode.source(MANAGED, store));
        assertEquals(Optional.empty(), LocalMode.target(MANAGED, store));

        targets.put(CLOUD, named("cloud", Map.of("RESIN_SUPERVISOR_LOCAL_MODE", "0")));
        assertFalse(LocalMode.active(MANAGED, store));
        assertEquals(Optional.of("cloud"), name(LocalMode.target(MANAGED, store)));

        targets.put(CLOUD, named("cloud", Map.of("BALENA_SUPERVISOR_LOCAL_MODE", "true")));
        assertTrue(LocalMode.active(MANAGED, store));
        assertEquals(LocalMode.LOCAL_SOURCE, LocalMode.source(MANAGED, store));
        assertEquals(Optional.of("local"), name(LocalMode.target(MANAGED, store)));
    }

    @Test
    void aLocalTargetCannotSwitchLocalModeOff() throws Exception {
        targets.put(CLOUD, named("cloud", Map.of("SUPERVISOR_LOCAL_MODE", "1")));
        targets.put(LocalMode.LOCAL_SOURCE, named("local", Map.of("SUPERVISOR_LOCAL_MODE", "0")));
        assertTrue(LocalMode.active(MANAGED, store));
    }
}
