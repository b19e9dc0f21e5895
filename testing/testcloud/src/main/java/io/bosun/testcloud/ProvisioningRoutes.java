package io.bosun.testcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Optional;

/** Registration with a provisioning key, and the key exchange this openBalena version refuses. */
final class ProvisioningRoutes extends EndpointRoutes {

    ProvisioningRoutes(CloudModel model) {
        super(model);
        on("POST", "/device/register", (exchange, path) -> register(exchange));
        // Observed on v49: a provisioning key can only create devices, so this answers 401 whatever the key.
        on("POST", "/api-key/device/[^/]+/device-key/?", (exchange, path) -> Response.status(401));
    }

    private Response register(Exchange exchange) throws IOException {
        Optional<KeyOwner> owner = model.owner(exchange.apiKey());
        // Only a provisioning key holds resin.device.create; a device key, like an unknown one, gets 401.
        if (owner.isEmpty() || !(owner.get() instanceof KeyOwner.Provisioning provisioning)) {
            return Response.status(401);
        }
        JsonNode body = exchange.json();
        Long fleetId = asLong(body.get("application"));
        String uuid = text(body, "uuid");
        String deviceType = text(body, "device_type");
        if (fleetId == null || uuid == null || deviceType == null) {
            return Response.status(400);
        }
        // The provisioning key's permission is "device.create?belongs_to__application is the key's fleet"; pine
        // reports a create outside that filter as a PermissionError, which is a 401 (not a 403).
        if (fleetId != provisioning.fleetId()) {
            return Response.status(401);
        }
        synchronized (model) {
            if (model.entry(uuid).isPresent()) {
                return Response.html(409, "\"uuid\" must be unique.");
            }
            String apiKey = text(body, "api_key");
            if (apiKey == null) {
                apiKey = Keys.random(); // openBalena makes a key when the device did not bring one
            } else if (model.keyExists(apiKey)) {
                return Response.html(409, "\"key\" must be unique.");
            }
            DeviceEntry device = model.register(fleetId, uuid, deviceType, apiKey, Json.toMap(body));
            ObjectNode answer = Json.MAPPER.createObjectNode();
            answer.put("id", device.id);
            answer.put("uuid", device.uuid);
            answer.put("api_key", device.apiKey);
            return Response.json(201, Json.bytes(answer));
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    /** The fleet id as a number; a numeric string is accepted as Express's JSON body would still carry it. */
    private static Long asLong(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.canConvertToLong() && value.isIntegralNumber()) {
            return value.asLong();
        }
        try {
            return Long.parseLong(value.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
