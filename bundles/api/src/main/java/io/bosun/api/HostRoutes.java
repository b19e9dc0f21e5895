package io.bosun.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.host.HostControl;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.store.StateStore;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.target.TargetState;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's routes (spec §5.2): reboot and shutdown, blink, and host-config. The device-wide ones (reboot,
 * shutdown, host-config PATCH) need the global key, and run under every app's update locks (spec §4.3) unless
 * forced. Each keeps balena's answer shape, which differs from route to route.
 */
final class HostRoutes {
    /** The stored proxy settings (JSON text), returned by GET; applying them is the host OS's job. */
    static final String PROXY_KEY = "host.proxy";

    private static final Logger LOG = LoggerFactory.getLogger(HostRoutes.class);

    private final Services services;
    private final Blinker blinker;
    /** One host-config PATCH at a time: each reads, merges and writes config.json and the stored proxy. */
    private final Object hostConfigWrites = new Object();

    HostRoutes(Services services) {
        this(services, new Blinker());
    }

    HostRoutes(Services services, Blinker blinker) {
        this.services = services;
        this.blinker = blinker;
    }

    List<Route> routes() {
        return List.of(
                new Route("POST", "/v1/reboot", Access.DEVICE_KEY, c -> power(c, HostControl::reboot)),
                new Route("POST", "/v1/shutdown", Access.DEVICE_KEY, c -> power(c, HostControl::shutdown)),
                new Route("POST", "/v1/blink", Access.ANY_KEY, c -> blink()),
                new Route("GET", "/v1/device/host-config", Access.ANY_KEY, this::hostConfig),
                new Route("PATCH", "/v1/device/host-config", Access.DEVICE_KEY, this::patchHostConfig));
    }

    /** Reboot or shutdown of the host. */
    @FunctionalInterface
    private interface PowerAction {
        void apply(HostControl host) throws IOException;
    }

    /**
     * Takes every app's locks, has the host go down (a second later, so this answer goes out first), and
     * releases the locks again: if the action fails, nothing stays locked, and if it succeeds, the host takes
     * the locks' folder (a tmpfs) down with it.
     */
    private Reply power(Call call, PowerAction action) throws ApiException {
        boolean force = forceOrOverride(call.force());
        Function<String, Reply> unavailable = message -> dataError(503, message);
        HostControl host = need(services.host(), "The host control", unavailable);
        SupervisorConfig config = need(services.config(), "The supervisor configuration", unavailable);
        try (AllAppLocks held = AllAppLocks.take(config.settings().locksDir(),
                () -> need(services.locks(), "The update-locks service", unavailable), force)) {
            action.apply(host);
        } catch (UpdatesLockedException e) {
            return dataError(423, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot reboot or shut down the host: {}", e.toString());
            return dataError(500, message(e));
        }
        return Reply.json(202, Reply.fields("Data", "OK", "Error", null));
    }

    /**
     * A request's {@code force}, or the device-wide lock override of the stored target, as balena takes locks for
     * host actions. Without a readable target only the request counts: the locks then protect the apps.
     */
    private boolean forceOrOverride(boolean asked) {
        if (asked) {
            return true;
        }
        try {
            return services.storedTarget().map(TargetState::lockOverride).orElse(false);
        } catch (ApiException | StoreException e) {
            return false;
        }
    }

    /** balena's failure shape for reboot and shutdown. */
    private static Reply dataError(int status, String message) {
        return Reply.json(status, Reply.fields("Data", "", "Error", message));
    }

    /** Always OK, as balena's: a device without an LED has nothing to blink. */
    private Reply blink() {
        blinker.blink();
        return Reply.text(200, "OK");
    }

    /** The proxy's password is for the global key only: an app's key has no business with the host's secrets. */
    private Reply hostConfig(Call call) throws Exception {
        SupervisorConfig config = services.requireConfig();
        StateStore store = services.requireStore();
        Map<String, Object> network = Reply.fields("hostname",
                ConfigJsonHostname.read(config.settings().configJson()).orElseGet(() -> shortUuid(config)));
        storedProxy(store).ifPresent(proxy -> {
            if (!call.caller().global()) {
                proxy.remove("password");
            }
            network.put("proxy", proxy);
        });
        return Reply.json(200, Reply.fields("network", network));
    }

    /** balena's host name when none is set: the first 7 characters of the uuid. */
    private static String shortUuid(SupervisorConfig config) {
        String uuid = config.device().uuid();
        return uuid.substring(0, Math.min(7, uuid.length()));
    }

    /** Answers in plain text throughout, as balena's PATCH does. */
    private Reply patchHostConfig(Call call) throws ApiException {
        HostConfigPatch patch = HostConfigPatch.read(call.request().body());
        Function<String, Reply> unavailable = message -> Reply.text(503, message);
        SupervisorConfig config = need(services.config(), "The supervisor configuration", unavailable);
        StateStore store = need(services.store(), "The state store", unavailable);
        try (AllAppLocks held = AllAppLocks.take(config.settings().locksDir(),
                () -> need(services.locks(), "The update-locks service", unavailable),
                forceOrOverride(patch.force()))) {
            synchronized (hostConfigWrites) {
                apply(patch, config, store);
            }
        } catch (UpdatesLockedException e) {
            return Reply.text(423, e.getMessage());
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            LOG.error("Cannot apply the host configuration: {}", e.toString());
            return Reply.text(503, message(e));
        }
        return Reply.text(200, "OK");
    }

    /** The proxy is merged (and checked) before anything is written, so a bad one changes nothing. */
    private static void apply(HostConfigPatch patch, SupervisorConfig config, StateStore store) throws Exception {
        Optional<ObjectNode> proxy = patch.proxy().isEmpty() || patch.removesProxy() ? Optional.empty()
                : Optional.of(patch.proxyOver(storedProxy(store)));
        if (patch.hostname().isPresent()) {
            ConfigJsonHostname.write(config.settings().configJson(), patch.hostname().get());
        }
        if (patch.removesProxy()) {
            store.removeValue(PROXY_KEY);
        } else if (proxy.isPresent()) {
            store.putValue(PROXY_KEY, Json.MAPPER.writeValueAsString(proxy.get()));
        }
    }

    private static Optional<ObjectNode> storedProxy(StateStore store) throws Exception {
        Optional<String> text = store.value(PROXY_KEY);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        JsonNode proxy = Json.MAPPER.readTree(text.get());
        if (!(proxy instanceof ObjectNode object)) {
            throw new IOException("The stored proxy settings (" + PROXY_KEY + ") are not a JSON object");
        }
        return Optional.of(object);
    }

    private static <T> T need(Supplier<Optional<T>> service, String what, Function<String, Reply> shape)
            throws ApiException {
        return service.get().orElseThrow(() -> new ApiException(shape.apply(what + " is not available right now")));
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
