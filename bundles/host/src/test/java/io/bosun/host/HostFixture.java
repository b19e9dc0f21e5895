package io.bosun.host;

import io.bosun.spi.api.ApiCall;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.config.ConfigJsonWriter;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import io.bosun.spi.host.HostControl;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.intake.TargetSelection;
import io.bosun.spi.keys.KeyHolder;
import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.locks.UserLock;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.Records;
import io.bosun.spi.target.TargetState;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The host routes with the services they use kept in memory: a host control that records its calls, locks that
 * refuse when told, a config.json writer over a map, a store of key/values, the running target's configuration.
 * A field set to null stands for a service that is missing; every one is read at each call, as the component does.
 */
final class HostFixture {
    static final String UUID = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    final Path dir;
    final RecordingHost recordingHost = new RecordingHost();
    final MemoryLocks memoryLocks = new MemoryLocks();
    final MemoryWriter memoryWriter = new MemoryWriter();
    /** The store's key/values by namespace and key. */
    final Map<String, String> stored = new ConcurrentHashMap<>();
    /** The device configuration of the running target (the lock override and VPN control live there). */
    final Map<String, String> targetConfig = new TreeMap<>();

    HostControl host = recordingHost;
    UpdateLocks locks = memoryLocks;
    ConfigJsonWriter writer = memoryWriter;
    RecordStore records = owner -> records(owner);
    /** The host name of the identity the configuration publishes (the config bundle's, at start). */
    Optional<String> publishedHostname = Optional.empty();
    SupervisorConfig config = new Config();
    boolean targetsKnown = true;
    HostSettings settings;
    private Blinker blinker = new Blinker(Optional::empty, Blinker.PERIOD, Blinker.LENGTH);
    /** One set of routes, as the component registers it: the routes remember the host name they last wrote. */
    private Map<String, ApiRoute> routes;

    HostFixture(Path dir) {
        this.dir = dir;
        this.settings = new HostSettings("systemctl reboot", "systemctl poweroff", Optional.empty(),
                dir.resolve("vpn_status"));
    }

    /** The routes blink this LED from now on. */
    void useBlinker(Blinker blinker) {
        this.blinker = blinker;
        routes = null;
    }

    synchronized Map<String, ApiRoute> routes() {
        if (routes == null) {
            routes = newRoutes();
        }
        return routes;
    }

    private Map<String, ApiRoute> newRoutes() {
        TargetIntake intake = (TargetIntake) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TargetIntake.class}, (proxy, method, args) -> {
                    if (method.getName().equals("selection")) {
                        return new TargetSelection(targetsKnown ? 1 : 0, targetsKnown, TargetIntake.LOCAL, true,
                                targetsKnown ? Optional.of(new TargetState(UUID, "device", targetConfig, Map.of()))
                                        : Optional.empty());
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new HostRoutes(new HostRoutes.Parts(() -> Optional.ofNullable(config), () -> Optional.of(intake),
                () -> Optional.ofNullable(records), () -> Optional.ofNullable(locks), () -> Optional.ofNullable(host),
                () -> Optional.ofNullable(writer), () -> settings), blinker).routes();
    }

    /** Calls the route of that method and path as the device API would, with the device's key. */
    ApiResponse call(String method, String path, String body) throws Exception {
        return call(method, path, body, KeyHolder.DEVICE);
    }

    /** Calls a route; an {@link ApiRouteException} gives its own answer, as the device API maps it. */
    ApiResponse call(String method, String path, String body, KeyHolder caller) throws Exception {
        ApiRoute route = routes().values().stream().filter(r -> r.method().equals(method) && r.path().equals(path))
                .findFirst().orElseThrow(() -> new AssertionError("no route " + method + " " + path));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ApiCall call = (ApiCall) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ApiCall.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "method" -> method;
                    case "path" -> path;
                    case "body" -> bytes;
                    case "caller" -> caller;
                    case "query" -> Map.of();
                    case "header" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        try {
            return route.handle(call);
        } catch (ApiRouteException e) {
            return e.response();
        }
    }

    /** The body as it goes over the wire: field order matters to balena's clients. */
    static String wire(ApiResponse reply) throws IOException {
        return reply.isText() ? (String) reply.body() : HostRoutes.JSON.writeValueAsString(reply.body());
    }

    Optional<String> storedProxy() {
        return Optional.ofNullable(stored.get(HostRoutes.NAMESPACE + "/" + HostRoutes.PROXY_KEY));
    }

    void storeProxy(String json) {
        stored.put(HostRoutes.NAMESPACE + "/" + HostRoutes.PROXY_KEY, json);
    }

    /** The key/values of one namespace; the host routes use nothing else of a store. */
    private Records records(String owner) {
        return (Records) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Records.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "namespace" -> owner;
                    case "get" -> Optional.ofNullable(stored.get(owner + "/" + args[0]));
                    case "put" -> {
                        stored.put(owner + "/" + args[0], (String) args[1]);
                        yield null;
                    }
                    case "remove" -> {
                        stored.remove(owner + "/" + args[0]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    final class Config implements SupervisorConfig {
        @Override
        public SupervisorSettings settings() {
            return new SupervisorSettings(dir.resolve("data"), "127.0.0.1", 0, dir.resolve("config.json"),
                    URI.create("unix:///var/run/docker.sock"), dir.resolve("locks"));
        }

        @Override
        public DeviceIdentity device() {
            return new DeviceIdentity(UUID, Optional.of("https://api.example.com"), null, null, null, null, null,
                    null, null, publishedHostname, null);
        }

        @Override
        public String version() {
            return "test";
        }
    }

    /** config.json as a map of fields: what the config bundle's writer keeps (its own tests cover the file). */
    static final class MemoryWriter implements ConfigJsonWriter {
        final Map<String, Object> fields = new LinkedHashMap<>();
        final List<String> updates = new CopyOnWriteArrayList<>();
        IOException failure;

        @Override
        public synchronized DeviceIdentity update(Map<String, Object> set, Set<String> remove) throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (!set.isEmpty() || !remove.isEmpty()) {
                updates.add("set " + set + " remove " + remove);
            }
            fields.putAll(set);
            remove.forEach(fields::remove);
            return new DeviceIdentity(UUID, Optional.empty(), null, null, null, null, null, null, null,
                    Optional.ofNullable((String) fields.get("hostname")), fields);
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
            return held(appId, () -> {
                synchronized (MemoryLocks.this) {
                    held.remove(appId);
                    log.add("release " + appId);
                }
            });
        }

        @Override
        public synchronized HeldLocks lockAll(boolean force, Duration maxWait) throws UpdatesLockedException {
            List<HeldLocks> taken = new ArrayList<>();
            try {
                for (long appId : new TreeSet<>(apps)) {
                    taken.add(lockExisting(appId, force, maxWait));
                }
            } catch (UpdatesLockedException e) {
                taken.forEach(HeldLocks::close);
                throw e;
            }
            return held(0, () -> {
                for (int i = taken.size() - 1; i >= 0; i--) {
                    taken.get(i).close();
                }
            });
        }

        private static HeldLocks held(long appId, Runnable release) {
            return new HeldLocks() {
                @Override
                public long appId() {
                    return appId;
                }

                @Override
                public void close() {
                    release.run();
                }
            };
        }

        @Override
        public Path serviceFolder(long appId, String serviceName) {
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
