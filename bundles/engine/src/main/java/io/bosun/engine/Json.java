package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading and writing the engine's JSON shapes: null and missing read as empty. */
final class Json {
    private Json() {
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(item -> out.add(item.asText()));
        }
        return out;
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isObject()) {
            node.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    /** {@code K=V} lines (the engine's Env) as a map; a line without {@code =} is a variable with no value. */
    static Map<String, String> envMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : strings(node)) {
            int eq = line.indexOf('=');
            out.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
        }
        return out;
    }

    /** A non-empty text value, or none (the engine writes absent addresses and the like as ""). */
    static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }

    static ObjectNode object() {
        return EngineHttp.JSON.createObjectNode();
    }

    static ArrayNode array(Collection<String> values) {
        ArrayNode array = EngineHttp.JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static ObjectNode object(Map<String, String> values) {
        ObjectNode node = object();
        values.forEach(node::put);
        return node;
    }

    /** Keys with empty objects as values: the engine's set shape ({@code {"/data": {}}}). */
    static ObjectNode set(Collection<String> keys) {
        ObjectNode node = object();
        keys.forEach(node::putObject);
        return node;
    }
}
