package io.bosun.codec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The order in which balena (JavaScript) sees the keys of a JSON object: integer-like keys ("array indices")
 * first in ascending numeric order, then the other keys in document order. It matters where balena picks "the
 * first" entry (the release of an app) and where a later v2 service overrides an earlier one with the same name.
 */
final class JsObjectOrder {
    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;

    private JsObjectOrder() {
    }

    static List<String> keys(JsonNode object) {
        List<String> indices = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            (isArrayIndex(name) ? indices : others).add(name);
        }
        if (indices.isEmpty()) {
            return others;
        }
        indices.sort(Comparator.comparingLong(Long::parseLong));
        indices.addAll(others);
        return indices;
    }

    static boolean isArrayIndex(String key) {
        if (key.isEmpty() || key.length() > 10 || (key.length() > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(key) <= MAX_ARRAY_INDEX;
    }
}
