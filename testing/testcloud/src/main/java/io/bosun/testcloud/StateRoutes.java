package io.bosun.testcloud;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Target state (GET, with ETags), current state reports and tags: the {@code /device/v3} endpoints. */
final class StateRoutes extends EndpointRoutes {

    StateRoutes(CloudModel model) {
        super(model);
        on("GET", "/device/v3/([^/]+)/state/?", (exchange, path) -> target(exchange, path.group(1)));
        on("PATCH", "/device/v3/state/?", (exchange, path) -> writePerDevice(exchange, DeviceEntry::report));
        on("PATCH", "/device/v3/tags/?", (exchange, path) -> writePerDevice(exchange, StateRoutes::replaceTags));
    }

    private Response target(Exchange exchange, String uuid) {
        Optional<DeviceEntry> device = model.entry(uuid);
        // openBalena checks the device exists before it looks at the key: an unknown uuid is "not modified".
        if (device.isEmpty()) {
            return Response.empty(304);
        }
        // Then the key must be valid, and the device visible to it (a stranger's key sees nothing: 401).
        if (!model.owner(exchange.apiKey()).map(o -> o.isDevice(uuid)).orElse(false)) {
            return Response.status(401);
        }
        byte[] body = model.target(device.get());
        String etag = WeakEtag.of(body);
        if (WeakEtag.matches(exchange.header("if-none-match"), etag)) {
            return Response.empty(304).header("ETag", etag);
        }
        return Response.json(200, body).header("ETag", etag);
    }

    /**
     * State reports and tags share their shape and their rules: every device named must be the key's own, or
     * nothing is written; {@code write} then gets each device with its part of the body.
     */
    private Response writePerDevice(Exchange exchange, BiConsumer<DeviceEntry, Map<String, Object>> write)
            throws IOException {
        Map<String, Map<String, Object>> perDevice = perDevice(exchange);
        if (perDevice == null) {
            return Response.status(400);
        }
        if (!mayWriteAll(exchange, perDevice)) {
            return Response.status(401);
        }
        synchronized (model) {
            perDevice.forEach((uuid, fields) -> write.accept(model.entry(uuid).orElseThrow(), fields));
        }
        return Response.empty(200);
    }

    /** A tags body replaces all the device's tags; values are kept as text, as the cloud stores them. */
    private static void replaceTags(DeviceEntry device, Map<String, Object> tags) {
        Map<String, String> replaced = new LinkedHashMap<>();
        tags.forEach((name, value) -> replaced.put(name, value == null ? null : String.valueOf(value)));
        device.tags = replaced;
    }

    /** A body {@code {"<uuid>":{...}}} as maps; null when it is not shaped so. */
    private static Map<String, Map<String, Object>> perDevice(Exchange exchange) throws IOException {
        JsonNode body = exchange.json();
        if (!body.isObject()) {
            return null;
        }
        Map<String, Map<String, Object>> perDevice = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) body::fields) {
            if (!entry.getValue().isObject()) {
                return null;
            }
            perDevice.put(entry.getKey(), Json.toMap(entry.getValue()));
        }
        return perDevice;
    }

    /** Every uuid must be a known device and the key its own; openBalena answers 401 for either failing. */
    private boolean mayWriteAll(Exchange exchange, Map<String, Map<String, Object>> perDevice) {
        Optional<KeyOwner> owner = model.owner(exchange.apiKey());
        return owner.isPresent() && perDevice.keySet().stream()
                .allMatch(uuid -> model.entry(uuid).isPresent() && owner.get().isDevice(uuid));
    }
}
