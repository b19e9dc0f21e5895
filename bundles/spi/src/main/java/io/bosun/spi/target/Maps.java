package io.bosun.spi.target;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Immutable, order-keeping copies for the records of this package. */
final class Maps {
    private Maps() {
    }

    static <K, V> Map<K, V> copy(Map<K, V> source) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }

    /** A deep immutable copy of a JSON-like value tree (maps, lists, scalars, nulls allowed). */
    static Map<String, Object> copyJson(Map<String, Object> source) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((key, value) -> copy.put(key, copyJsonValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object copyJsonValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copyJson((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(copyJsonValue(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
