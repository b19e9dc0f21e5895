package io.bosun.testcloud;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Target state (GET, with ETags), current state reports and tags: the {@code /device/v3} endpoints. */
final class StateRoutes implements Route {
    private static final Pattern TARGET = Pattern.compile("/device/v3/([^/]+)/state/?");

    private final CloudModel model;

    StateRoutes(CloudModel model) {
        this.model = model;
    }

    @Override
    public Response handle(Exchange exchange) throws IOException {
        String method = exchange.method();
        String path = exchange.path();
        Matcher target = TARGET.matcher(path);
        if (method.equals("GET") && target.matches()) {
            return target(exchange, target.group(1));
        }
        if (method.equals("PATCH") && (path.equals("/device/v3/state") || path.equals("/device/v3/state/"))) {
            return report(exchange);
        }
        if (method.equals("PATCH") && (path.equals("/device/v3/tags") || path.equals("/device/v3/tags/"))) {
            return tags(exchange);
        }
        return null;
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

    private Response report(Exchange exchange) throws IOException {
        Map<String, Map<String, Object>> perDevice = perDevice(exchange);
        if (perDevice == null) {
            return Response.status(400);
        }
        if (!mayWriteAll(exchange, perDevice)) {
            return Response.status(401);
        }
        synchronized (model) {
            perDevice.forEach((uuid, report) -> model.entry(uuid).orElseThrow().report(report));
        }
        return Response.empty(200);
    }

    private Response tags(Exchange exchange) throws IOException {
        Map<String, Map<String, Object>> perDevice = perDevice(exchange);
        if (perDevice == null) {
            return Response.status(400);
        }
        if (!mayWriteAll(exchange, perDevice)) {
            return Response.status(401);
        }
        synchronized (model) {
            perDevice.forEach((uuid, tags) -> {
                Map<String, String> replaced = new LinkedHashMap<>();
                tags.forEach((name, value) -> replaced.put(name, value == null ? null : String.valueOf(value)));
                model.entry(uuid).orElseThrow().tags = replaced;
            });
        }
        return Response.empty(200);
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
