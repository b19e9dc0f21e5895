package io.bosun.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts between Jackson trees and the plain Java values the SPI records hold (so that the records stay free
 * of Jackson): objects become maps, arrays lists, integers {@link Long} (or {@link BigInteger} beyond its range),
 * fractions {@link Double} (or {@link BigDecimal} beyond its range), and null stays null.
 */
final class JsonValues {
    private JsonValues() {
    }

    static Map<String, Object> toMap(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key : JsObjectOrder.keys(object)) {
            map.put(key, toJava(object.get(key)));
        }
        return map;
    }

    static Object toJava(JsonNode node) {
        if (node.isObject()) {
            return toMap(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(toJava(item)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            BigDecimal exact = node.decimalValue();
            double approximate = exact.doubleValue();
            return Double.isFinite(approximate) ? (Object) approximate : exact;
        }
        return null;
    }

    static ObjectNode fromMap(Map<String, ?> map, JsonNodeFactory nodes) {
        ObjectNode object = nodes.objectNode();
        map.forEach((key, value) -> object.set(key, fromJava(value, nodes)));
        return object;
    }

    static JsonNode fromJava(Object value, JsonNodeFactory nodes) {
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            map.forEach((key, item) -> object.set(String.valueOf(key), fromJava(item, nodes)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode(list.size());
            list.forEach(item -> array.add(fromJava(item, nodes)));
            return array;
        }
        if (value instanceof String text) {
            return nodes.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return nodes.booleanNode(flag);
        }
        if (value instanceof BigInteger big) {
            return nodes.numberNode(big);
        }
        if (value instanceof BigDecimal big) {
            return nodes.numberNode(big);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // JSON has no Infinity or NaN; JavaScript's JSON.stringify writes null for them too.
            return Double.isFinite(d) ? nodes.numberNode(d) : nodes.nullNode();
        }
        if (value instanceof Number number) {
            return nodes.numberNode(number.longValue());
        }
        return nodes.textNode(value.toString());
    }
}
