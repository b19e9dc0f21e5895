package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import io.bosun.spi.host.HostControl;
import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.locks.UserLock;
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
    final TestServices.MemoryRecords records = new TestServices.MemoryRecords();
    final Blinker blinker;

    HostControl host = recordingHost;
    UpdateLocks locks = memoryLocks;
    /** The device configuration of the stored target (the lock override lives there). */
    final Map<String, String> targetConfig = new TreeMap<>();
    final TestServices services = new TestServices();
    SupervisorConfig config;

    HostFixture(Path dir, Blinker blinker) {
        this.dir = dir;
        this.configJson = dir.resolve("config.json");
        this.blinker = blinker;
        this.config = new Config(dir, configJson);
        services.records = records;
        // The stored target's configuration is read live: a test sets the lock override in it.
        services.intake = new TestServices.FixedIntake(() -> Optional.of(new TargetState(UUID, "device",
                targetConfig, Map.of())), false);
    }

    /** The host's stored proxy (the host's own record), as the routes keep it. */
    Optional<String> storedProxy() throws io.bosun.spi.store.StoreException {
        return records.namespace(HostRoutes.NAMESPACE).get(HostRoutes.PROXY_KEY);
    }

    HostFixture(Path dir) {
        this(dir, new Blinker(Optional::empty, Blinker.PERIOD, Blinker.LENGTH));
    }

    List<ApiRoute> routes() {
        // Read live: a test takes a service away after the routes are made.
        Services live = new Services(() -> Optional.ofNullable(config), List::of, Optional::empty,
                () -> Optional.ofNullable(services.intake), Optional::empty, () -> Optional.ofNullable(services.records),
                Optional::empty, Optional::empty, Optional::empty, () -> Optional.ofNullable(host),
                () -> Optional.ofNullable(locks), Optional::empty);
        return new HostRoutes(live, blinker).routes();
    }

    /** An app with lock folders for these services, as the locks bundle lays them out. */
    void appWithLockFolders(long appId, String... serviceNames) throws IOException {
        for (String service : serviceNames) {
            Files.createDirectories(dir.resolve("locks/services/" + appId + "/" + service));
        }
        memoryLocks.apps.add(appId);
    }

    static Request request(String method, String path, String body) {
        return new Request(method, path, Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The body as it goes over the wire: field order matters to balena's clients. */
    static String wire(ApiResponse reply) throws IOException {
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
        /** The apps that have lock folders, which device-wide actions lock. */
        final Set<Long> apps = new TreeSet<>();
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
        public synchronized HeldLocks lockAll(boolean force, Duration maxWait) throws UpdatesLockedException {
            if (!maxWait.equals(Duration.ofSeconds(10))) {
                throw new AssertionError("balena waits 10 s for another operation, not " + maxWait);
            }
            List<HeldLocks> taken = new ArrayList<>();
            try {
                for (long appId : new TreeSet<>(apps)) {
                    taken.add(lockExisting(appId, force, maxWait));
                }
            } catch (UpdatesLockedException e) {
                taken.forEach(HeldLocks::close);
                throw e;
            }
            return new HeldLocks() {
                @Override
                public long appId() {
                    return 0;
                }

                @Override
                public void close() {
                    for (int i = taken.size() - 1; i >= 0; i--) {
                        taken.get(i).close();
                    }
                }
            };
        }

        @Override
        public java.nio.file.Path serviceFolder(long appId, String serviceName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean takeHandoverSignal(long appId, String serviceName) {
            throw new UnsupportedOperationException();
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
}
