package io.bosun.api;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import io.bosun.spi.host.HostControl;
import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.locks.UserLock;
import io.bosun.spi.store.StateStore;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.target.TargetState;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The host routes over real files in a folder ({@code config.json}, lock folders), with the services they use
 * kept in memory: a host control that records its calls, locks that refuse when told, a store of key/values.
 * A field set to null stands for a service that is missing.
 */
final class HostFixture {
    static final String UUID = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    final Path dir;
    final Path configJson;
    final RecordingHost recordingHost = new RecordingHost();
    final MemoryLocks memoryLocks = new MemoryLocks();
    final Map<String, String> values = new TreeMap<>();
    final Blinker blinker;

    HostControl host = recordingHost;
    UpdateLocks locks = memoryLocks;
    /** The device configuration of the stored target (the lock override lives there). */
    final Map<String, String> targetConfig = new TreeMap<>();
    StateStore store = store(values, () -> Optional.of(new StoredTarget(new TargetState(UUID, "device",
            targetConfig, Map.of()), "https://api.example.com", Instant.EPOCH)));
    SupervisorConfig config;

    HostFixture(Path dir, Blinker blinker) {
        this.dir = dir;
        this.configJson = dir.resolve("config.json");
        this.blinker = blinker;
        this.config = new Config(dir, configJson);
    }

    HostFixture(Path dir) {
        this(dir, new Blinker(Optional::empty, Blinker.PERIOD, Blinker.LENGTH));
    }

    List<Route> routes() {
        Services services = new Services(() -> Optional.ofNullable(config), List::of, Optional::empty,
                () -> Optional.ofNullable(store), Optional::empty, Optional::empty, Optional::empty,
                () -> Optional.ofNullable(host), () -> Optional.ofNullable(locks), Optional::empty);
        return new HostRoutes(services, blinker).routes();
    }

    /** An app with lock folders for these services, as the locks bundle lays them out. */
    void appWithLockFolders(long appId, String... serviceNames) throws IOException {
        for (String service : serviceNames) {
            Files.createDirectories(dir.resolve("locks/services/" + appId + "/" + service));
        }
    }

    static Request request(String method, String path, String body) {
        return new Request(method, path, Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The body as it goes over the wire: field order matters to balena's clients. */
    static String wire(Reply reply) throws IOException {
        return reply.isText() ? (String) reply.body() : Json.MAPPER.writeValueAsString(reply.body());
    }

    record Config(Path dir, Path configJson) implements SupervisorConfig {
        @Override
        public SupervisorSettings settings() {
            return new SupervisorSettings(dir.resolve("data"), "127.0.0.1", 0, configJson,
                    URI.create("unix:///var/run/docker.sock"), dir.resolve("locks"));
        }

        @Override
        public DeviceIdentity device() {
            return new DeviceIdentity(UUID, Optional.of("https://api.example.com"), null, null);
        }

        @Override
        public String version() {
            return "test";
        }
    }

    /** Records each call with the apps whose locks were held at that moment; fails when told. */
    final class RecordingHost implements HostControl {
        final List<String> calls = new CopyOnWriteArrayList<>();
        IOException failure;

        @Override
        public void reboot() throws IOException {
            record("reboot");
        }

        @Override
        public void shutdown() throws IOException {
            record("shutdown");
        }

        private void record(String action) throws IOException {
            calls.add(action + " holding " + List.copyOf(memoryLocks.held));
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Update locks in memory: the apps in {@link #lockedByApps} hold their own locks, which only force takes over. */
    static final class MemoryLocks implements UpdateLocks {
        final Set<Long> lockedByApps = new HashSet<>();
        final Set<Long> held = new TreeSet<>();
        final List<String> log = new ArrayList<>();

        @Override
        public synchronized HeldLocks lockExisting(long appId, boolean force, Duration maxWait)
                throws UpdatesLockedException {
            if (!maxWait.equals(Duration.ofSeconds(10))) {
                throw new AssertionError("balena waits 10 s for another operation, not " + maxWait);
            }
            if (lockedByApps.contains(appId) && !force) {
                throw new UpdatesLockedException("Updates are locked: app " + appId);
            }
            held.add(appId);
            log.add("take " + appId + (force ? " forced" : ""));
            return new HeldLocks() {
                @Override
                public long appId() {
                    return appId;
                }

                @Override
                public void close() {
                    synchronized (MemoryLocks.this) {
                        held.remove(appId);
                        log.add("release " + appId);
                    }
                }
            };
        }

        @Override
        public HeldLocks lock(long appId, Collection<String> services, boolean force, Duration maxWait) {
            throw new UnsupportedOperationException("device-wide actions lock what exists");
        }

        @Override
        public boolean hasLeftoverLocks(long appId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean releaseLeftovers(long appId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<UserLock> userLocks(long appId) {
            throw new UnsupportedOperationException();
        }
    }

    /** A store of key/values only. */
    static StateStore store(Map<String, String> values) {
        return store(values, Optional::empty);
    }

    /** A store of key/values and one target, for every source. */
    static StateStore store(Map<String, String> values, Supplier<Optional<StoredTarget>> target) {
        return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "target" -> target.get();
                    case "value" -> Optional.ofNullable(values.get((String) args[0]));
                    case "putValue" -> values.put((String) args[0], (String) args[1]);
                    case "removeValue" -> values.remove((String) args[0]);
                    case "toString" -> "key/values " + values;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
