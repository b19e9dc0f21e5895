package io.bosun.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.store.StateStore;
import io.bosun.spi.store.StoreException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET|PATCH /v2/device/tags}: the device's tags. balena reads them from the cloud on every GET and queues
 * a PATCH for the cloud. Bosun keeps them in the store ({@value #KEY}), so they answer without connectivity and
 * survive restarts; sending them to the cloud is the cloud connector's job. A tag the cloud has not numbered
 * has {@code "id": null}.
 */
final class TagRoutes {
    /** The device's tags, a JSON object of name to value in the order they were first set. */
    static final String KEY = "device.tags";
    private static final String SHAPE = "Invalid tags body, must be an object like `{[tagKey: string]: string}`";

    private final Services services;

    TagRoutes(Services services) {
        this.services = services;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/v2/device/tags", Access.ANY_KEY, this::get),
                new Route("PATCH", "/v2/device/tags", Access.ANY_KEY, this::patch));
    }

    private Reply get(Call call) throws ApiException, StoreException {
        List<Map<String, Object>> tags = new ArrayList<>();
        read(services.requireStore()).forEach((name, value) -> {
            Map<String, Object> tag = new LinkedHashMap<>();
            tag.put("id", null);
            tag.put("name", name);
            tag.put("value", value);
            tags.add(tag);
        });
        return Reply.json(200, Reply.fields("status", "success", "tags", tags));
    }

    /** Sets the tags named in the body and keeps the others; the body is checked whole before anything is set. */
    private Reply patch(Call call) throws ApiException, StoreException {
        JsonNode body = call.body();
        if (!body.isObject()) {
            return Reply.failed(400, SHAPE);
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                return Reply.failed(400, SHAPE);
            }
            if (field.getKey().isEmpty()) {
                return Reply.failed(400, "Tag keys cannot be empty");
            }
            if (field.getKey().chars().anyMatch(Character::isWhitespace)) {
                return Reply.failed(400, "Tag keys cannot contain whitespace");
            }
            changes.put(field.getKey(), field.getValue().asText());
        }
        StateStore store = services.requireStore();
        synchronized (TagRoutes.class) {
            Map<String, String> tags = read(store);
            tags.putAll(changes);
            store.putValue(KEY, write(tags));
        }
        return Reply.json(202, Reply.fields("status", "success"));
    }

    private static Map<String, String> read(StateStore store) throws StoreException {
        Optional<String> stored = store.value(KEY);
        if (stored.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try {
            return Json.MAPPER.readValue(stored.get(), new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new StoreException("the stored device tags cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Map<String, String> tags) {
        try {
            return Json.MAPPER.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
