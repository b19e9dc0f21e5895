package io.bosun.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The connector's JSON: one mapper, loaded on the first cloud call (not at activation). */
final class Json {
    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    static byte[] bytes(Object value) {
        try {
            return Holder.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-writable: " + e.getOriginalMessage(), e);
        }
    }

    static String text(Object value) {
        try {
            return Holder.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-writable: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode tree(byte[] json) throws IOException {
        return Holder.MAPPER.readTree(json);
    }

    /** A JSON object as maps and lists; an empty map for anything else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String json) {
        try {
            Object value = Holder.MAPPER.readValue(json, Object.class);
            return value instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
    }
}
