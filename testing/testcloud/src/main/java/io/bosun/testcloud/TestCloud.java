package io.bosun.testcloud;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A protocol-true stand-in for the openBalena device API (v49), run in-process on 127.0.0.1 for tests.
 *
 * <p>It answers a device exactly as the real server does (see {@code openbalena-wire.md}): 201 on registration
 * and 409 on a second one, weak ETags and 304 on the target state, 304 for an unknown uuid, 401 for a bad or
 * revoked key, 201 when a log stream ends. Tests set it up as an admin would ({@link #addFleet},
 * {@link #provisioningKey}, {@link #release}, {@link #config}), read back what devices sent
 * ({@link #requests()}, {@link #stateReports}, {@link #logs}, …) and make it misbehave on demand
 * ({@link #fail}, {@link #rateLimit}, {@link #delay}, {@link #dropMidBody}, {@link #down}).
 *
 * <p>The server is a small HTTP/1.1 implementation on a plain server socket (no {@code com.sun.net.httpserver},
 * so it runs inside an OSGi framework as well as on a class path): keep-alive, Content-Length and chunked
 * request bodies, gzip-encoded request bodies. Every thread it starts is a daemon. All methods are thread-safe.
 */
public final class TestCloud implements AutoCloseable {
    private final CloudModel model = new CloudModel();
    private final Faults faults = new Faults();
    private final RequestJournal journal = new RequestJournal();
    private final LoopbackServer server;

    private TestCloud() {
        server = LoopbackServer.start(new Connection(new DeviceApi(model), faults, journal));
    }

    /** Starts a test cloud on an ephemeral port of 127.0.0.1. */
    public static TestCloud start() {
        return new TestCloud();
    }

    /** The API endpoint to configure on a device: {@code http://127.0.0.1:<port>}, the same for its whole life. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** The port it listens on (kept across {@link #down}). */
    public int port() {
        return server.port();
    }

    /** Stops listening and cuts every connection; a request still in progress gets no answer. */
    @Override
    public void close() {
        server.close();
    }

    // ---- fleets and keys

    /** Creates a fleet (an openBalena "application") with no release and no config variables. */
    public void addFleet(long fleetId, String fleetUuid, String fleetName) {
        model.addFleet(fleetId, fleetUuid, fleetName);
    }

    /** Makes a new provisioning key for a fleet, as {@code POST /api-key/application/<id>/provisioning} does. */
    public String provisioningKey(long fleetId) {
        return model.newProvisioningKey(fleetId);
    }

    /** Revokes a key, device or provisioning: from now on every request carrying it is answered 401. */
    public void revoke(String key) {
        model.revoke(key);
    }

    // ---- what the fleet runs

    /**
     * Makes a release the fleet's current one, so every device of the fleet gets it as its target.
     *
     * @param releaseJson the release as the target carries it, {@code {"id":..,"services":{..}}}; it may lack
     *                    {@code volumes} and {@code networks}, as real releases do, and is sent as given
     * @throws IllegalArgumentException if it is not JSON or the fleet does not exist
     */
    public void release(long fleetId, String commit, String releaseJson) {
        model.release(fleetId, commit, Json.parse(releaseJson, "release"));
    }

    /**
     * Replaces the fleet's config variables (e.g. {@code RESIN_SUPERVISOR_POLL_INTERVAL -> 600000}). They are
     * sent as given: unlike the real server this one does not raise the poll interval to its 10-minute floor,
     * so tests can poll fast. Config variables a device created for itself override them, as on the server.
     */
    public void config(long fleetId, Map<String, String> vars) {
        model.config(fleetId, vars);
    }

    /**
     * Adds an app that balenaCloud (not openBalena) sends, e.g. the host OS
     * ({@code {"id":..,"name":"balena-os","is_host":true,"class":"app","releases":{..}}}) or the supervisor's
     * own, to every device's {@code apps}, ahead of the fleet's app; {@code null} takes it out again.
     */
    public void extraApp(String appUuid, String appJson) {
        model.extraApp(appUuid, appJson == null ? null : Json.parse(appJson, "app"));
    }

    /**
     * Overrides the body the state endpoint answers for a device with exactly {@code body} (which need not be
     * valid JSON, nor a valid target); its ETag is computed from it as usual. {@code null} clears the override.
     * Auth and the unknown-uuid answer still apply first, as they do on the server.
     */
    public void rawTarget(String deviceUuid, String body) {
        model.rawTarget(deviceUuid, body);
    }

    // ---- what the cloud knows and recorded

    /** The registered device with that uuid. */
    public Optional<Device> device(String uuid) {
        return model.device(uuid);
    }

    /** Every request received, in order of arrival (including ones that failed, faulted or went unknown). */
    public List<Recorded> requests() {
        return journal.all();
    }

    /**
     * The requests with that method ({@code "*"} or null for any) whose path-and-query starts with
     * {@code pathPrefix}, in order of arrival.
     */
    public List<Recorded> requests(String method, String pathPrefix) {
        return journal.matching(method, pathPrefix);
    }

    /** The reports the device sent and the cloud accepted ({@code PATCH /device/v3/state}), its part of each. */
    public List<Map<String, Object>> stateReports(String uuid) {
        return model.stateReports(uuid);
    }

    /**
     * The device's current state as the server holds it: every accepted report merged in order, top-level
     * fields replaced and {@code apps} replaced whole (reports are diffs at that depth). Empty when none came.
     */
    public Map<String, Object> mergedState(String uuid) {
        return model.mergedState(uuid);
    }

    /** Every log line the device sent, parsed, in order; lines of a stream still open are included. */
    public List<Map<String, Object>> logs(String uuid) {
        return model.logs(uuid);
    }

    /** The device's tags as the last {@code PATCH /device/v3/tags} set them. */
    public Map<String, String> tags(String uuid) {
        return model.tags(uuid);
    }

    /**
     * The device config variables the device created ({@code POST /v6|v7/device_config_variable}, the initial
     * config report), each as {@code {id, device:{__id}, name, value}}, in order of creation.
     */
    public List<Map<String, Object>> configVariables(String uuid) {
        return model.configVariables(uuid);
    }

    /**
     * The name the device last set for itself ({@code PATCH /v6|v7/device…} with {@code device_name}); empty
     * while it never did. (Its name as the cloud now has it is {@link Device#name()}.)
     */
    public Optional<String> deviceName(String uuid) {
        return model.reportedName(uuid).filter(name -> name != null);
    }

    // ---- faults on demand: each applies to the next {@code times} matching requests, then is gone

    /** Answers the next matching requests with {@code status} (e.g. 500) without handling them. */
    public void fail(String method, String pathPrefix, int times, int status) {
        faults.add(method, pathPrefix, times, Fault.fail(status));
    }

    /** Answers the next matching requests 429 with {@code Retry-After: <seconds>} without handling them. */
    public void rateLimit(String method, String pathPrefix, int times, int retryAfterSeconds) {
        faults.add(method, pathPrefix, times, Fault.rateLimit(retryAfterSeconds));
    }

    /** Handles the next matching requests only after {@code delay} (make it longer than the client's timeout). */
    public void delay(String method, String pathPrefix, int times, Duration delay) {
        faults.add(method, pathPrefix, times, Fault.delay(delay));
    }

    /**
     * Handles the next matching requests, then sends the status and headers with the full Content-Length but
     * only half the body, and closes the connection: the client fails with an IOException. (The request did
     * take effect: only its answer was lost. An answer without a body has its head cut instead.)
     */
    public void dropMidBody(String method, String pathPrefix, int times) {
        faults.add(method, pathPrefix, times, Fault.dropMidBody());
    }

    /** Forgets every fault not yet used up. */
    public void clearFaults() {
        faults.clear();
    }

    /**
     * Takes the whole cloud down ({@code true}: the port refuses connections and open ones are cut) or brings it
     * back on the same port ({@code false}). Devices, keys and records survive.
     */
    public void down(boolean down) {
        if (down) {
            server.stopListening();
        } else {
            server.resumeListening();
        }
    }

    /** Whether the cloud is up (listening). */
    public boolean isUp() {
        return server.listening();
    }

    /**
     * Blocks until {@code count} requests matching {@code method} and {@code pathPrefix} have arrived (counted
     * from the start, not from the call), else throws an AssertionError listing every request seen.
     */
    public void awaitRequests(String method, String pathPrefix, int count, Duration timeout) {
        journal.await(method, pathPrefix, count, timeout);
    }
}
