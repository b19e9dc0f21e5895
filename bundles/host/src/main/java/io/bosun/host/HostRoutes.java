package io.bosun.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bosun.spi.api.Access;
import io.bosun.spi.api.ApiCall;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.config.ConfigJsonWriter;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.host.HostControl;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.intake.TargetSelection;
import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.Records;
import io.bosun.spi.target.TargetState;
import io.bosun.support.balena.DeviceFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's routes of the device API (spec §5.2): reboot and shutdown, blink, host-config and the VPN status,
 * registered on the device API's route whiteboard. The device-wide ones (reboot, shutdown, host-config PATCH)
 * need the global key, and run under every app's update locks (spec §4.3) unless forced. Each keeps balena's
 * answer shape, which differs from route to route.
 */
final class HostRoutes {
    /** The stored proxy settings (JSON text), returned by GET; applying them is the host OS's job. */
    static final String NAMESPACE = "host";
    static final String PROXY_KEY = "proxy";
    /** balena's {@code maxWaitMs} for another supervisor operation on an app. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Logger LOG = LoggerFactory.getLogger(HostRoutes.class);

    /** What the routes use, each read at every call since its provider may come and go. */
    record Parts(Supplier<Optional<SupervisorConfig>> config, Supplier<Optional<TargetIntake>> intake,
            Supplier<Optional<RecordStore>> records, Supplier<Optional<UpdateLocks>> locks,
            Supplier<Optional<HostControl>> control, Supplier<Optional<ConfigJsonWriter>> writer,
            Supplier<HostSettings> settings) {
    }

    private final Parts parts;
    private final Blinker blinker;
    /** One host-config PATCH at a time: each reads, merges and writes config.json and the stored proxy. */
    private final Object hostConfigWrites = new Object();

    HostRoutes(Parts parts, Blinker blinker) {
        this.parts = parts;
        this.blinker = blinker;
    }

    Map<String, ApiRoute> routes() {
        return Map.of(
                "reboot", ApiRoute.of("POST", "/v1/reboot", Access.DEVICE_KEY, c -> power(c, HostControl::reboot)),
                "shutdown", ApiRoute.of("POST", "/v1/shutdown", Access.DEVICE_KEY,
                        c -> power(c, HostControl::shutdown)),
                "blink", ApiRoute.of("POST", "/v1/blink", Access.ANY_KEY, c -> blink()),
                "host-config", ApiRoute.of("GET", "/v1/device/host-config", Access.ANY_KEY, this::hostConfig),
                "host-config-patch", ApiRoute.of("PATCH", "/v1/device/host-config", Access.DEVICE_KEY,
                        this::patchHostConfig),
                "vpn", ApiRoute.of("GET", "/v2/device/vpn", Access.ANY_KEY, c -> vpn()));
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
    private ApiResponse power(ApiCall call, PowerAction action) throws ApiRouteException {
        boolean asked = force(call.body());
        Function<String, ApiResponse> unavailable = message -> dataError(503, message);
        HostControl host = need(parts.control(), "The host control", unavailable);
        UpdateLocks locks = need(parts.locks(), "The update-locks service", unavailable);
        try (HeldLocks held = locks.lockAll(forceOrOverride(asked), LOCK_WAIT)) {
            action.apply(host);
        } catch (UpdatesLockedException e) {
            return dataError(423, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot reboot or shut down the host: {}", e.toString());
            return dataError(500, message(e));
        }
        return ApiResponse.json(202, ApiResponse.fields("Data", "OK", "Error", null));
    }

    /** {@code force} of the body, as balena reads it: anything but {@code true} is no. */
    private static boolean force(byte[] body) throws ApiRouteException {
        if (body.length == 0) {
            return false;
        }
        try {
            return JSON.readTree(body).path("force").asBoolean(false);
        } catch (IOException e) {
            throw new ApiRouteException(ApiResponse.failed(400, "The body is not valid JSON: " + e.getMessage()));
        }
    }

    /**
     * A request's {@code force}, or the device-wide lock override of the running target, as balena takes locks
     * for host actions. Without a known target only the request counts: the locks then protect the apps.
     */
    private boolean forceOrOverride(boolean asked) {
        return asked || target().map(t -> DeviceFlags.lockOverride(t.config())).orElse(false);
    }

    private Optional<TargetState> target() {
        return parts.intake().get().map(TargetIntake::selection).filter(TargetSelection::known)
                .flatMap(TargetSelection::target);
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

    /**
     * {@code enabled} is the target's {@code SUPERVISOR_VPN_CONTROL} (on unless set off); {@code connected} is
     * whether the VPN client's {@code active} file exists. Running the VPN is the host OS's job.
     */
    private ApiResponse vpn() {
        boolean enabled = target().map(t -> DeviceFlags.vpnControl(t.config())).orElse(true);
        boolean connected = Files.exists(parts.settings().get().vpnStatusDir().resolve("active"));
        return ApiResponse.json(200, ApiResponse.fields("status", "success", "vpn",
                ApiResponse.fields("enabled", enabled, "connected", connected)));
    }

    /** The proxy's password is for the global key only: an app's key has no business with the host's secrets. */
    private ApiResponse hostConfig(ApiCall call) throws Exception {
        Function<String, ApiResponse> unavailable = message -> ApiResponse.failed(503, message);
        SupervisorConfig config = need(parts.config(), "The supervisor configuration", unavailable);
        Records store = need(parts.records(), "The state store", unavailable).namespace(NAMESPACE);
        // The writer reads the file: the published identity lags a PATCH that has just written it.
        Optional<ConfigJsonWriter> writer = parts.writer().get();
        Optional<String> hostname = writer.isPresent() ? writer.get().update(Map.of(), Set.of()).hostname()
                : config.device().hostname();
        Map<String, Object> network = ApiResponse.fields("hostname", hostname.orElseGet(() -> shortUuid(config)));
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
    private ApiResponse patchHostConfig(ApiCall call) throws ApiRouteException {
        HostConfigPatch patch = HostConfigPatch.read(call.body());
        Function<String, ApiResponse> unavailable = message -> ApiResponse.text(503, message);
        Records store = need(parts.records(), "The state store", unavailable).namespace(NAMESPACE);
        UpdateLocks locks = need(parts.locks(), "The update-locks service", unavailable);
        Optional<ConfigJsonWriter> writer = patch.hostname().isPresent()
                ? Optional.of(need(parts.writer(), "The config.json writer", unavailable)) : Optional.empty();
        try (HeldLocks held = locks.lockAll(forceOrOverride(patch.force()), LOCK_WAIT)) {
            synchronized (hostConfigWrites) {
                apply(patch, writer, store);
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
    private void apply(HostConfigPatch patch, Optional<ConfigJsonWriter> writer, Records store) throws Exception {
        Optional<ObjectNode> proxy = patch.proxy().isEmpty() || patch.removesProxy() ? Optional.empty()
                : Optional.of(patch.proxyOver(storedProxy(store)));
        if (writer.isPresent()) {
            String hostname = patch.hostname().orElseThrow();
            // balenaOS applies config.json's hostname at boot; empty text removes it.
            writer.get().update(hostname.isEmpty() ? Map.of() : Map.of("hostname", hostname),
                    hostname.isEmpty() ? Set.of("hostname") : Set.of());
        }
        if (patch.removesProxy()) {
            store.remove(PROXY_KEY);
        } else if (proxy.isPresent()) {
            store.put(PROXY_KEY, JSON.writeValueAsString(proxy.get()));
        }
    }

    private static Optional<ObjectNode> storedProxy(Records store) throws Exception {
        Optional<String> text = store.get(PROXY_KEY);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        JsonNode proxy = JSON.readTree(text.get());
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
