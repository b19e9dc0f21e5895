package io.bosun.testcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pine (OData) resources a supervisor uses, under {@code /v6} and {@code /v7}: looking its device up,
 * renaming it, and creating device config variables. A device key reads and writes its own device only; pine
 * filters everything else out of sight rather than refusing it.
 */
final class DeviceResourceRoutes extends EndpointRoutes {
    private static final Pattern DEVICE_COLLECTION = Pattern.compile("/v[67]/device/?");
    private static final Pattern DEVICE_BY_ID = Pattern.compile("/v[67]/device\\((?:id=)?(\\d+)\\)/?");
    private static final Pattern DEVICE_BY_UUID = Pattern.compile("/v[67]/device\\(uuid='([^']+)'\\)/?");
    private static final Pattern CONFIG_VARIABLES = Pattern.compile("/v[67]/device_config_variable/?");
    private static final Pattern UUID_FILTER = Pattern.compile("uuid\\s+eq\\s+'([^']*)'");
    private static final Pattern ID_FILTER = Pattern.compile("(?<![\\w_])id\\s+eq\\s+(\\d+)");

    private long lastVariableId;

    DeviceResourceRoutes(CloudModel model) {
        super(model);
        on("GET", DEVICE_COLLECTION, (exchange, path) -> lookUp(exchange));
        for (Pattern device : List.of(DEVICE_COLLECTION, DEVICE_BY_ID, DEVICE_BY_UUID)) {
            on("PATCH", device, (exchange, path) -> rename(exchange));
        }
        on("POST", CONFIG_VARIABLES, (exchange, path) -> createConfigVariable(exchange));
    }

    private Response lookUp(Exchange exchange) {
        Optional<DeviceEntry> own = ownDevice(exchange);
        if (own == null) {
            return Response.status(401);
        }
        Map<String, String> query = exchange.query();
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode d = answer.putArray("d");
        synchronized (model) {
            own.filter(device -> matchesFilter(device, query.get("$filter")))
                    .ifPresent(device -> d.add(select(describe(device), query.get("$select"))));
        }
        return Response.json(200, Json.bytes(answer));
    }

    private Response rename(Exchange exchange) throws IOException {
        Optional<DeviceEntry> own = ownDevice(exchange);
        if (own == null) {
            return Response.status(401);
        }
        JsonNode body = exchange.json();
        synchronized (model) {
            // A PATCH whose target the key cannot see changes nothing and still answers 200, as pine does.
            if (own.isPresent() && addresses(exchange, own.get()) && body.hasNonNull("device_name")) {
                own.get().name = body.get("device_name").asText();
                own.get().reportedName = own.get().name;
            }
        }
        return Response.empty(200);
    }

    private Response createConfigVariable(Exchange exchange) throws IOException {
        Optional<DeviceEntry> own = ownDevice(exchange);
        if (own == null || own.isEmpty()) {
            return Response.status(401);
        }
        JsonNode body = exchange.json();
        JsonNode deviceRef = body.get("device");
        long deviceId = deviceRef != null && deviceRef.has("__id") ? deviceRef.get("__id").asLong(-1)
                : deviceRef == null ? -1 : deviceRef.asLong(-1);
        if (!body.hasNonNull("name") || !body.hasNonNull("value") || deviceId < 0) {
            return Response.status(400);
        }
        DeviceEntry device = own.get();
        // The key's create permission is filtered to its own device: pine calls any other a PermissionError.
        if (deviceId != device.id) {
            return Response.status(401);
        }
        String name = body.get("name").asText();
        synchronized (model) {
            if (device.configVariables.containsKey(name)) {
                // The model's unique constraint on (device, name); the text follows pine's wording for it.
                return Response.html(409, "\"device\" and \"name\" must be unique.");
            }
            Map<String, Object> variable = new LinkedHashMap<>();
            variable.put("id", ++lastVariableId);
            variable.put("device", Map.of("__id", device.id));
            variable.put("name", name);
            variable.put("value", body.get("value").asText());
            device.configVariables.put(name, variable);
            return Response.json(201, Json.bytes(Json.MAPPER.valueToTree(variable)));
        }
    }

    /**
     * The device the key belongs to (empty for a key of a device since gone), or null when the key may not
     * touch devices at all: unknown, revoked, or a provisioning key (which holds only device.create).
     */
    private Optional<DeviceEntry> ownDevice(Exchange exchange) {
        Optional<KeyOwner> owner = model.owner(exchange.apiKey());
        if (owner.isEmpty() || !(owner.get() instanceof KeyOwner.OfDevice device)) {
            return null;
        }
        return model.entry(device.uuid());
    }

    private static boolean addresses(Exchange exchange, DeviceEntry device) {
        Matcher byId = DEVICE_BY_ID.matcher(exchange.path());
        if (byId.matches()) {
            return Long.parseLong(byId.group(1)) == device.id;
        }
        Matcher byUuid = DEVICE_BY_UUID.matcher(exchange.path());
        if (byUuid.matches()) {
            return byUuid.group(1).equals(device.uuid);
        }
        return matchesFilter(device, exchange.query().get("$filter"));
    }

    /** Understands the filters a supervisor sends (by uuid, by id); no filter means every visible device. */
    private static boolean matchesFilter(DeviceEntry device, String filter) {
        if (filter == null) {
            return true;
        }
        Matcher uuid = UUID_FILTER.matcher(filter);
        if (uuid.find() && !uuid.group(1).equals(device.uuid)) {
            return false;
        }
        Matcher id = ID_FILTER.matcher(filter);
        return !id.find() || Long.parseLong(id.group(1)) == device.id;
    }

    private ObjectNode describe(DeviceEntry device) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", device.id);
        node.put("uuid", device.uuid);
        node.put("device_name", device.name);
        node.putObject("belongs_to__application").put("__id", device.fleetId);
        for (String field : List.of("os_version", "os_variant", "supervisor_version", "mac_address")) {
            Object reported = device.mergedState.getOrDefault(field, device.registerBody.get(field));
            node.set(field, Json.MAPPER.valueToTree(reported));
        }
        node.set("status", Json.MAPPER.valueToTree(device.mergedState.get("status")));
        return node;
    }

    private static ObjectNode select(ObjectNode device, String select) {
        if (select == null || select.isBlank()) {
            return device;
        }
        ObjectNode selected = Json.MAPPER.createObjectNode();
        for (String field : select.split(",")) {
            JsonNode value = device.get(field.trim());
            if (value != null) {
                selected.set(field.trim(), value);
            }
        }
        return selected;
    }
}
