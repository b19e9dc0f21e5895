package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.api.Access;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.host.HostControl;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.store.Records;
import io.bosun.support.balena.DeviceFlags;
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
    static final String NAMESPACE = "host";
    static final String PROXY_KEY = "proxy";
    /** balena's {@code maxWaitMs} for another supervisor operation on an app. */
    static final java.time.Duration LOCK_WAIT = java.time.Duration.ofSeconds(10);

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

    List<ApiRoute> routes() {
        return List.of(
                Route.of("POST", "/v1/reboot", Access.DEVICE_KEY, c -> power(c, HostControl::reboot)),
                Route.of("POST", "/v1/shutdown", Access.DEVICE_KEY, c -> power(c, HostControl::shutdown)),
                Route.of("POST", "/v1/blink", Access.ANY_KEY, c -> blink()),
                Route.of("GET", "/v1/device/host-config", Access.ANY_KEY, this::hostConfig),
                Route.of("PATCH", "/v1/device/host-config", Access.DEVICE_KEY, this::patchHostConfig));
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
    private ApiResponse power(Call call, PowerAction action) throws ApiRouteException {
        boolean force = forceOrOverride(call.force());
        Function<String, ApiResponse> unavailable = message -> dataError(503, message);
        HostControl host = need(services.host(), "The host control", unavailable);
        UpdateLocks locks = need(services.locks(), "The update-locks service", unavailable);
        try (HeldLocks held = locks.lockAll(force, LOCK_WAIT)) {
            action.apply(host);
        } catch (UpdatesLockedException e) {
            return dataError(423, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot reboot or shut down the host: {}", e.toString());
            return dataError(500, message(e));
        }
        return ApiResponse.json(202, ApiResponse.fields("Data", "OK", "Error", null));
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
            return services.storedTarget().map(t -> DeviceFlags.lockOverride(t.config())).orElse(false);
        } catch (ApiRouteException e) {
            return false;
        }
    }

    /** balena's failure shape for reboot and shutdown. */
    private static ApiResponse dataError(int status, String message) {
        return ApiResponse.json(status, ApiResponse.fields("Data", "", "Error", message));
    }

    /** Always OK, as balena's: a device without an LED has nothing to blink. */
    private ApiResponse blink() {
        blinker.blink();
        return ApiResponse.text(200, "OK");
    }

    /** The proxy's password is for the global key only: an app's key has no business with the host's secrets. */
    private ApiResponse hostConfig(Call call) throws Exception {
        SupervisorConfig config = services.requireConfig();
        Records store = services.requireRecords().namespace(NAMESPACE);
        Map<String, Object> network = ApiResponse.fields("hostname",
                ConfigJsonHostname.read(config.settings().configJson()).orElseGet(() -> shortUuid(config)));
        storedProxy(store).ifPresent(proxy -> {
            if (!call.caller().global()) {
                proxy.remove("password");
            }
            network.put("proxy", proxy);
        });
        return ApiResponse.json(200, ApiResponse.fields("network", network));
    }

    /** balena's host name when none is set: the first 7 characters of the uuid. */
    private static String shortUuid(SupervisorConfig config) {
        String uuid = config.device().uuid();
        return uuid.substring(0, Math.min(7, uuid.length()));
    }

    /** Answers in plain text throughout, as balena's PATCH does. */
    private ApiResponse patchHostConfig(Call call) throws ApiRouteException {
        HostConfigPatch patch = HostConfigPatch.read(call.body());
        Function<String, ApiResponse> unavailable = message -> ApiResponse.text(503, message);
        SupervisorConfig config = need(services.config(), "The supervisor configuration", unavailable);
        Records store = need(services.records(), "The state store", unavailable).namespace(NAMESPACE);
        UpdateLocks locks = need(services.locks(), "The update-locks service", unavailable);
        try (HeldLocks held = locks.lockAll(forceOrOverride(patch.force()), LOCK_WAIT)) {
            synchronized (hostConfigWrites) {
                apply(patch, config, store);
            }
        } catch (UpdatesLockedException e) {
            return ApiResponse.text(423, e.getMessage());
        } catch (ApiRouteException e) {
            throw e;
        } catch (Exception e) {
            LOG.error("Cannot apply the host configuration: {}", e.toString());
            return ApiResponse.text(503, message(e));
        }
        return ApiResponse.text(200, "OK");
    }

    /** The proxy is merged (and checked) before anything is written, so a bad one changes nothing. */
    private static void apply(HostConfigPatch patch, SupervisorConfig config, Records store) throws Exception {
        Optional<ObjectNode> proxy = patch.proxy().isEmpty() || patch.removesProxy() ? Optional.empty()
                : Optional.of(patch.proxyOver(storedProxy(store)));
        if (patch.hostname().isPresent()) {
            ConfigJsonHostname.write(config.settings().configJson(), patch.hostname().get());
        }
        if (patch.removesProxy()) {
            store.remove(PROXY_KEY);
        } else if (proxy.isPresent()) {
            store.put(PROXY_KEY, Json.MAPPER.writeValueAsString(proxy.get()));
        }
    }

    private static Optional<ObjectNode> storedProxy(Records store) throws Exception {
        Optional<String> text = store.get(PROXY_KEY);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        JsonNode proxy = Json.MAPPER.readTree(text.get());
        if (!(proxy instanceof ObjectNode object)) {
            throw new IOException("The stored proxy settings (" + PROXY_KEY + ") are not a JSON object");
        }
        return Optional.of(object);
    }

    private static <T> T need(Supplier<Optional<T>> service, String what, Function<String, ApiResponse> shape)
            throws ApiRouteException {
        return service.get().orElseThrow(() -> new ApiRouteException(shape.apply(what + " is not available right now")));
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
