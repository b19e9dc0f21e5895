package io.bosun.cloud;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reports the device's state ({@code PATCH /device/v3/state}, spec §2.4) as balena does: only what changed since
 * the last report the cloud took, metrics only when they moved by a bucket, a report of metrics alone at most
 * every {@code metricsInterval}, nothing when nothing changed. The last report taken is kept in the connector's
 * records, so a restart sends only what changed meanwhile, and a cloud that was away gets everything that changed
 * while it was (the difference is always from the last report it took).
 */
final class StateReporter {
    static final String LAST_REPORT = "lastReport";

    private final CloudHttp http;
    private final Clock clock;
    private Map<String, Object> lastSent;
    private String lastSentFor = "";
    private Instant lastSentAt = Instant.EPOCH;

    StateReporter(CloudHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * Sends what changed, if anything should be sent now.
     *
     * @return whether a report was sent
     */
    boolean report(DeviceIdentity device, Map<String, Object> current, Duration timeout, Duration metricsInterval,
            Records records) throws CloudException, StoreException {
        String endpoint = device.apiEndpoint().orElseThrow();
        Map<String, Object> last = lastSent(records, device);
        Map<String, Object> significant = new LinkedHashMap<>();
        current.forEach((uuid, fields) -> significant.put(uuid, ReportDiff.withSignificantMetrics(
                deviceOf(last, uuid), deviceOf(current, uuid))));
        Map<String, Object> diff = ReportDiff.diff(last, significant);
        Instant now = clock.instant();
        if (diff.isEmpty() || ReportDiff.onlyMetrics(diff) && now.isBefore(lastSentAt.plus(metricsInterval))) {
            return false;
        }
        http.expectOk("Reporting the device state", "PATCH", CloudHttp.at(endpoint, "/device/v3/state"),
                device.deviceApiKey().orElseThrow(), Json.bytes(diff), timeout);
        Map<String, Object> taken = merged(last, significant);
        lastSent = taken;
        lastSentAt = now;
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("endpoint", endpoint);
        stored.put("uuid", device.uuid());
        stored.put("report", taken);
        records.put(LAST_REPORT, Json.text(stored));
        return true;
    }

    /** The report as the cloud now holds it: balena's server replaces each top-level field it is sent. */
    private static Map<String, Object> merged(Map<String, Object> last, Map<String, Object> current) {
        Map<String, Object> merged = new LinkedHashMap<>();
        current.forEach((uuid, fields) -> {
            Map<String, Object> device = new LinkedHashMap<>(deviceOf(last, uuid));
            device.putAll(deviceOf(current, uuid));
            merged.put(uuid, device);
        });
        return merged;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deviceOf(Map<String, Object> report, String uuid) {
        return report.get(uuid) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> lastSent(Records records, DeviceIdentity device) throws StoreException {
        String key = CloudOfDevice.of(device);
        String endpoint = device.apiEndpoint().orElseThrow();
        String uuid = device.uuid();
        if (lastSent == null || !lastSentFor.equals(key)) {
            lastSentFor = key;
            lastSentAt = Instant.EPOCH;
            Map<String, Object> stored = records.get(LAST_REPORT).map(Json::object).orElse(Map.of());
            boolean same = endpoint.equals(stored.get("endpoint")) && uuid.equals(stored.get("uuid"));
            lastSent = same && stored.get("report") instanceof Map<?, ?> m ? (Map<String, Object>) m
                    : new LinkedHashMap<>();
        }
        return lastSent;
    }

    Optional<Instant> lastSentAt() {
        return lastSentAt.equals(Instant.EPOCH) ? Optional.empty() : Optional.of(lastSentAt);
    }
}
