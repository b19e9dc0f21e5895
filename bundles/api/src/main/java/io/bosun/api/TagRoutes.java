package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.api.Access;
import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.Records;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET|PATCH /v2/device/tags}: the device's tags. balena reads them from the cloud on every GET and queues
 * a PATCH for the cloud. Bosun keeps them in the store (a shared record of the spi, {@code device}/{@code tags}), so they answer without connectivity and
 * survive restarts; sending them to the cloud is the cloud connector's job. A tag the cloud has not numbered
 * has {@code "id": null}.
 */
final class TagRoutes {
    private static final String SHAPE = "Invalid tags body, must be an object like `{[tagKey: string]: string}`";

    private final Services services;

    TagRoutes(Services services) {
        this.services = services;
    }

    List<ApiRoute> routes() {
        return List.of(
                Route.of("GET", "/v2/device/tags", Access.ANY_KEY, this::get),
                Route.of("PATCH", "/v2/device/tags", Access.ANY_KEY, this::patch));
    }

    private ApiResponse get(Call call) throws Exception {
        List<Map<String, Object>> tags = new ArrayList<>();
        tags(services).entries(RecordStore.TAGS).forEach((name, value) -> {
            Map<String, Object> tag = new LinkedHashMap<>();
            tag.put("id", null);
            tag.put("name", name);
            tag.put("value", value);
            tags.add(tag);
        });
        return ApiResponse.json(200, ApiResponse.fields("status", "success", "tags", tags));
    }

    /** Sets the tags named in the body and keeps the others; the body is checked whole before anything is set. */
    private ApiResponse patch(Call call) throws Exception {
        JsonNode body = call.json();
        if (!body.isObject()) {
            return ApiResponse.failed(400, SHAPE);
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                return ApiResponse.failed(400, SHAPE);
            }
            if (field.getKey().isEmpty()) {
                return ApiResponse.failed(400, "Tag keys cannot be empty");
            }
            if (field.getKey().chars().anyMatch(Character::isWhitespace)) {
                return ApiResponse.failed(400, "Tag keys cannot contain whitespace");
            }
            changes.put(field.getKey(), field.getValue().asText());
        }
        // One atomic write: a concurrent PATCH of other tags keeps both.
        tags(services).putEntries(RecordStore.TAGS, changes);
        return ApiResponse.json(202, ApiResponse.fields("status", "success"));
    }

    /** The device's tags: a shared fact of the spi, which the cloud connector reads to send them. */
    private static Records tags(Services services) throws ApiRouteException {
        return services.requireRecords().namespace(RecordStore.DEVICE);
    }
}
