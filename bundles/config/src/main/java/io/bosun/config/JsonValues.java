package io.bosun.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON trees and the plain Java values of {@code DeviceIdentity.configJson} and {@code ConfigJsonWriter}: String,
 * Long or Double, Boolean, List, Map and null. Nothing else converts, so no bean or object sneaks into the file.
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {
    }

    /** The object's fields as plain values, in the file's order, unmodifiable all the way down. */
    static Map<String, Object> plainObject(ObjectNode object) {
        Map<String, Object> fields = new LinkedHashMap<>();
        object.properties().forEach(field -> fields.put(field.getKey(), plain(field.getValue())));
        return Collections.unmodifiableMap(fields);
    }

    static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node instanceof ObjectNode object) {
            return plainObject(object);
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            node.forEach(item -> items.add(plain(item)));
            return Collections.unmodifiableList(items);
        }
        return node.asText();
    }

    /**
     * The JSON form of a value, with the node types Jackson's parser makes for the same text (int, long, big
     * integer, double), so that setting a field to the value it already has is seen as no change.
     *
     * @throws IllegalArgumentException naming the field when the value, or anything in it, is no JSON value
     */
    static JsonNode node(String field, Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof String text) {
            return TextNode.valueOf(text);
        }
        if (value instanceof Boolean flag) {
            return BooleanNode.valueOf(flag);
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return integral(BigInteger.valueOf(((Number) value).longValue()));
        }
        if (value instanceof BigInteger big) {
            return integral(big);
        }
        if (value instanceof Float || value instanceof Double || value instanceof BigDecimal) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("'" + field + "': " + value + " is no JSON number");
            }
            return DoubleNode.valueOf(number);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("'" + field + "': a JSON object's keys are strings, not "
                            + entry.getKey());
                }
                object.set(key, node(field, entry.getValue()));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(node(field, item)));
            return array;
        }
        throw new IllegalArgumentException("'" + field + "': a " + value.getClass().getName()
                + " is no JSON value (String, Number, Boolean, List, Map or null)");
    }

    private static JsonNode integral(BigInteger value) {
        if (value.bitLength() < Integer.SIZE) {
            return IntNode.valueOf(value.intValue());
        }
        if (value.bitLength() < Long.SIZE) {
            return LongNode.valueOf(value.longValue());
        }
        return BigIntegerNode.valueOf(value);
    }
}
