package io.bosun.codec;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code environment} and {@code labels} that a service's composition carries, in either docker-compose form
 * (a map, or a list of {@code KEY=value}). balena lays the top-level maps over them; the composition itself is not
 * validated, so entries that are not text (objects, arrays) are skipped rather than rejected.
 */
final class CompositionMaps {
    static final String ENVIRONMENT = "environment";
    static final String LABELS = "labels";

    private CompositionMaps() {
    }

    /** {@code composition[field]} laid under {@code topLevel}: the top level wins on equal keys. */
    static Map<String, String> effective(Map<String, Object> composition, String field, Map<String, String> topLevel) {
        Map<String, String> effective = fromComposition(composition, field);
        effective.putAll(topLevel);
        return effective;
    }

    /** The entries of {@code effective} that the composition does not already give (what a writer must send). */
    static Map<String, String> topLevel(Map<String, Object> composition, String field, Map<String, String> effective) {
        Map<String, String> underneath = fromComposition(composition, field);
        Map<String, String> topLevel = new LinkedHashMap<>();
        effective.forEach((key, value) -> {
            if (!Objects.equals(underneath.get(key), value)) {
                topLevel.put(key, value);
            }
        });
        return topLevel;
    }

    static Map<String, String> fromComposition(Map<String, Object> composition, String field) {
        Map<String, String> result = new LinkedHashMap<>();
        Object value = composition.get(field);
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> {
                String text = scalarText(item);
                if (text != null) {
                    result.put(String.valueOf(key), text);
                }
            });
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String entry) {
                    // Compose list form: "KEY=value"; a bare "KEY" has no value, which Bosun reads as "".
                    int equals = entry.indexOf('=');
                    result.put(equals < 0 ? entry : entry.substring(0, equals),
                            equals < 0 ? "" : entry.substring(equals + 1));
                }
            }
        }
        return result;
    }

    /** Compose allows numbers, booleans and null as values; null means "no value", read as "". */
    private static String scalarText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e21) {
            return new BigDecimal(d).toBigInteger().toString(); // 1.0 reads as "1", as JavaScript prints it
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value.toString();
        }
        return null;
    }
}
