package io.bosun.testcloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;

/** Device logs: the long-lived gzipped NDJSON stream, and the older one-shot JSON array. */
final class LogRoutes extends EndpointRoutes {

    LogRoutes(CloudModel model) {
        super(model);
        on("POST", "/device/v2/([^/]+)/log-stream/?", (exchange, path) -> stream(exchange, path.group(1)));
        on("POST", "/device/v2/([^/]+)/logs/?", (exchange, path) -> batch(exchange, path.group(1)));
    }

    private Response stream(Exchange exchange, String uuid) throws IOException {
        if (!authorized(exchange, uuid)) {
            // Refused by middleware before the body is read, so the device learns of it at once.
            return Response.status(401).leavingBodyUnread();
        }
        NdjsonLines lines = new NdjsonLines(line -> store(uuid, line));
        InputStream in = exchange.body().stream();
        byte[] buffer = new byte[8192];
        // One read returns whatever the last SYNC_FLUSH made decodable, so each line is stored as it arrives.
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            lines.feed(buffer, 0, n);
        }
        lines.finish();
        return Response.empty(201);
    }

    private Response batch(Exchange exchange, String uuid) throws IOException {
        if (!authorized(exchange, uuid)) {
            return Response.status(401);
        }
        JsonNode body = exchange.json();
        if (!body.isArray()) {
            return Response.status(400);
        }
        for (JsonNode line : body) {
            if (line.isObject()) {
                store(uuid, line);
            }
        }
        return Response.empty(201);
    }

    private boolean authorized(Exchange exchange, String uuid) {
        return model.entry(uuid).isPresent()
                && model.owner(exchange.apiKey()).map(o -> o.isDevice(uuid)).orElse(false);
    }

    /** A line that is not a JSON object is left out: {@code logs()} holds parsed objects only. */
    private void store(String uuid, String line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            if (node != null && node.isObject()) {
                store(uuid, node);
            }
        } catch (JsonProcessingException e) {
            // dropped
        }
    }

    private void store(String uuid, JsonNode line) {
        synchronized (model) {
            model.entry(uuid).ifPresent(device -> device.logs.add(Json.toMap(line)));
        }
    }
}
