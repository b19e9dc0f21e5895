package io.bosun.testcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the cloud knows: fleets, keys, devices, what devices sent. One lock guards it all (routes take it for
 * check-then-act sequences such as registration); requests are few and small, so contention does not matter.
 */
final class CloudModel {
    private final Map<Long, Fleet> fleets = new LinkedHashMap<>();
    private final Map<String, KeyOwner> keys = new LinkedHashMap<>();
    private final Set<String> revoked = new HashSet<>();
    private final Map<String, DeviceEntry> devices = new LinkedHashMap<>();
    private final Map<String, JsonNode> extraApps = new LinkedHashMap<>();
    private final Map<String, String> rawTargets = new LinkedHashMap<>();
    private long lastDeviceId;

    // ---- set up by tests, as an admin would

    synchronized void addFleet(long id, String uuid, String name) {
        if (fleets.containsKey(id)) {
            throw new IllegalArgumentException("fleet " + id + " exists already");
        }
        fleets.put(id, new Fleet(id, uuid, name));
    }

    synchronized String newProvisioningKey(long fleetId) {
        fleet(fleetId);
        String key = Keys.random();
        keys.put(key, new KeyOwner.Provisioning(fleetId));
        return key;
    }

    synchronized void revoke(String key) {
        revoked.add(key);
    }

    synchronized void release(long fleetId, String commit, JsonNode release) {
        Fleet fleet = fleet(fleetId);
        fleet.currentCommit = commit;
        fleet.currentRelease = release;
    }

    synchronized void config(long fleetId, Map<String, String> vars) {
        fleet(fleetId).config = new LinkedHashMap<>(vars);
    }

    synchronized void extraApp(String appUuid, JsonNode app) {
        if (app == null) {
            extraApps.remove(appUuid);
        } else {
            extraApps.put(appUuid, app);
        }
    }

    synchronized void rawTarget(String deviceUuid, String body) {
        if (body == null) {
            rawTargets.remove(deviceUuid);
        } else {
            rawTargets.put(deviceUuid, body);
        }
    }

    // ---- used by the routes

    /** Whom a key speaks for, or empty when it is unknown or revoked (openBalena answers 401 for both). */
    synchronized Optional<KeyOwner> owner(String key) {
        if (key == null || revoked.contains(key)) {
            return Optional.empty();
        }
        return Optional.ofNullable(keys.get(key));
    }

    synchronized boolean fleetExists(long fleetId) {
        return fleets.containsKey(fleetId);
    }

    synchronized boolean keyExists(String key) {
        return keys.containsKey(key);
    }

    synchronized Optional<DeviceEntry> entry(String uuid) {
        return Optional.ofNullable(devices.get(uuid));
    }

    synchronized Optional<DeviceEntry> entry(long id) {
        return devices.values().stream().filter(d -> d.id == id).findFirst();
    }

    synchronized DeviceEntry register(long fleetId, String uuid, String deviceType, String apiKey,
            Map<String, Object> body) {
        DeviceEntry device = new DeviceEntry(++lastDeviceId, uuid, fleetId, deviceType, apiKey, DeviceNames.next(),
                Collections.unmodifiableMap(body));
        devices.put(uuid, device);
        keys.put(apiKey, new KeyOwner.OfDevice(uuid));
        return device;
    }

    /** The state endpoint's answer for a device: a test's raw override, else the target built from the fleet. */
    synchronized byte[] target(DeviceEntry device) {
        String raw = rawTargets.get(device.uuid);
        if (raw != null) {
            return raw.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return Json.bytes(buildTarget(device));
    }

    private ObjectNode buildTarget(DeviceEntry device) {
        Fleet fleet = fleets.get(device.fleetId);
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode local = root.putObject(device.uuid);
        local.put("name", device.name);
        ObjectNode config = local.putObject("config");
        fleet.config.forEach(config::put);
        // As in openBalena's getConfig: a device's own config variables override the fleet's.
        device.configVariables.values().forEach(v -> config.put(String.valueOf(v.get("name")),
                String.valueOf(v.get("value"))));
        ObjectNode apps = local.putObject("apps");
        // balenaCloud puts the supervisor's and the host OS's apps before the fleet's.
        extraApps.forEach(apps::set);
        ObjectNode app = apps.putObject(fleet.uuid);
        app.put("id", fleet.id);
        app.put("name", fleet.name);
        app.put("is_host", false);
        app.put("class", "fleet");
        ObjectNode releases = app.putObject("releases");
        if (fleet.currentCommit != null) {
            releases.set(fleet.currentCommit, fleet.currentRelease.deepCopy());
        }
        return root;
    }

    // ---- read by tests

    synchronized Optional<Device> device(String uuid) {
        return entry(uuid).map(DeviceEntry::snapshot);
    }

    synchronized List<Map<String, Object>> stateReports(String uuid) {
        return entry(uuid).map(d -> copyAll(d.stateReports)).orElse(List.of());
    }

    synchronized Map<String, Object> mergedState(String uuid) {
        return entry(uuid).map(d -> deepCopy(d.mergedState)).orElse(Map.of());
    }

    synchronized List<Map<String, Object>> logs(String uuid) {
        return entry(uuid).map(d -> copyAll(d.logs)).orElse(List.of());
    }

    synchronized Map<String, String> tags(String uuid) {
        return entry(uuid).map(d -> Map.copyOf(d.tags)).orElse(Map.of());
    }

    synchronized List<Map<String, Object>> configVariables(String uuid) {
        return entry(uuid).map(d -> copyAll(new ArrayList<>(d.configVariables.values()))).orElse(List.of());
    }

    synchronized Optional<String> reportedName(String uuid) {
        return entry(uuid).map(d -> d.reportedName);
    }

    private Fleet fleet(long fleetId) {
        Fleet fleet = fleets.get(fleetId);
        if (fleet == null) {
            throw new IllegalArgumentException("no fleet " + fleetId + " (addFleet first)");
        }
        return fleet;
    }

    /** Tests get copies: what they hold must not change under them while devices keep talking. */
    private static List<Map<String, Object>> copyAll(List<Map<String, Object>> maps) {
        List<Map<String, Object>> copies = new ArrayList<>(maps.size());
        maps.forEach(m -> copies.add(deepCopy(m)));
        return Collections.unmodifiableList(copies);
    }

    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        return Json.toMap(Json.MAPPER.valueToTree(map));
    }
}
