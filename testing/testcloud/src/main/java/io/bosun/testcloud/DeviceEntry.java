package io.bosun.testcloud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A registered device and everything it told the cloud. Guarded by the {@link CloudModel}. */
final class DeviceEntry {
    final long id;
    final String uuid;
    final long fleetId;
    final String deviceType;
    final String apiKey;
    final Map<String, Object> registerBody;
    String name;
    String reportedName;
    final List<Map<String, Object>> stateReports = new ArrayList<>();
    final Map<String, Object> mergedState = new LinkedHashMap<>();
    final List<Map<String, Object>> logs = new ArrayList<>();
    Map<String, String> tags = new LinkedHashMap<>();
    /** Device config variables in order of creation, by name (openBalena keeps one per device and name). */
    final Map<String, Map<String, Object>> configVariables = new LinkedHashMap<>();

    DeviceEntry(long id, String uuid, long fleetId, String deviceType, String apiKey, String name,
            Map<String, Object> registerBody) {
        this.id = id;
        this.uuid = uuid;
        this.fleetId = fleetId;
        this.deviceType = deviceType;
        this.apiKey = apiKey;
        this.name = name;
        this.registerBody = registerBody;
    }

    Device snapshot() {
        return new Device(id, uuid, fleetId, deviceType, apiKey, name, registerBody);
    }

    /** Keeps a report and folds it into the state the cloud shows: top-level fields replace, "apps" whole. */
    void report(Map<String, Object> report) {
        stateReports.add(report);
        mergedState.putAll(report);
    }
}
