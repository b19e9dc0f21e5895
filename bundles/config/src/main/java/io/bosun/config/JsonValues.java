package io.bosun.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain Java values of {@code DeviceIdentity.configJson} and {@code ConfigJsonWriter}: String, Long (or
 * BigInteger beyond it) or Double, Boolean, List, Map and null. Nothing else converts, so no bean or object sneaks
 * into the file.
 */
final class JsonValues {
    private JsonValues() {
    }

    /**
     * The value in the form the file's reader makes for the same text (whole numbers as Long, others as Double),
     * so that setting a field to the value it already has is seen as no change.
     *
     * @throws IllegalArgumentException naming the field when the value, or anything in it, is no JSON value
     */
    static Object normalized(String field, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
        }
        if (value instanceof Float || value instanceof Double || value instanceof BigDecimal) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("'" + field + "': " + value + " is no JSON number");
            }
            return number;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("'" + field + "': a JSON object's keys are strings, not "
                            + entry.getKey());
                }
                object.put(key, normalized(field, entry.getValue()));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            List<Object> array = new ArrayList<>(list.size());
            list.forEach(item -> array.add(normalized(field, item)));
            return array;
        }
        throw new IllegalArgumentException("'" + field + "': a " + value.getClass().getName()
                + " is no JSON value (String, Number, Boolean, List, Map or null)");
    }
}
