package io.bosun.cloud;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoreException;
import io.bosun.support.balena.DeviceFlags;
import io.bosun.support.balena.DeviceVariables;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What balena tells a new backend once, before the first poll (spec §2.5): the device configuration the device
 * runs ({@link io.bosun.spi.store.RecordStore#CONFIG}) that its cloud target does not set, so the dashboard shows
 * it (a device that ran a local target before it was managed keeps its settings visible), and the device's
 * initial name ({@code initialDeviceName} of {@code config.json}). Done once per endpoint and device, recorded in
 * the connector's records.
 */
final class InitialReports {
    static final String DONE = "initialReportsDone";

    private final CloudHttp http;

    InitialReports(CloudHttp http) {
        this.http = http;
    }

    /** @return whether anything was sent */
    boolean report(DeviceIdentity device, Map<String, String> running, Map<String, String> cloudTarget,
            Records own, Duration timeout) throws CloudException, StoreException {
        String endpoint = device.apiEndpoint().orElseThrow();
        String done = CloudOfDevice.of(device);
        if (own.get(DONE).filter(done::equals).isPresent()) {
            return false;
        }
        String key = device.deviceApiKey().orElseThrow();
        long id = device.deviceId().orElseThrow();
        boolean sent = false;
        for (Map.Entry<String, String> variable : unsetByTheCloud(running, cloudTarget).entrySet()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("device", id);
            body.put("name", "RESIN_" + variable.getKey());
            body.put("value", variable.getValue());
            http.expectOk("Reporting the initial configuration", "POST",
                    CloudHttp.at(endpoint, "/v7/device_config_variable"), key, Json.bytes(body), timeout);
            sent = true;
        }
        Object name = device.configJson().get("initialDeviceName");
        if (name instanceof String initial && !initial.isBlank()) {
            http.expectOk("Reporting the initial device name", "PATCH",
                    CloudHttp.at(endpoint, "/v7/device(" + id + ")"), key, Json.bytes(Map.of("device_name", initial)),
                    timeout);
            sent = true;
        }
        own.put(DONE, done);
        return sent;
    }

    /** The variables the device runs with a value other than the default, that the cloud's target does not set. */
    static Map<String, String> unsetByTheCloud(Map<String, String> running, Map<String, String> cloudTarget) {
        Map<String, String> unset = new LinkedHashMap<>();
        DeviceVariables.Reading device = DeviceVariables.read(running);
        for (DeviceVariables.Variable variable : DeviceVariables.ALL) {
            String value = device.values().get(variable.name());
            boolean setByCloud = DeviceFlags.value(cloudTarget, variable.name()).isPresent();
            // Local mode is reported off: a device that reports it on would leave the cloud's management at once.
            if (variable == DeviceVariables.LOCAL_MODE || setByCloud
                    || variable.same(value, variable.defaultValue())) {
                continue;
            }
            unset.put(variable.name(), value);
        }
        return unset;
    }
}
