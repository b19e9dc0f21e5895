package io.bosun.support.balena;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The keys of a service's {@code composition}, as balena reads them: camel-cased (lodash's {@code camelCase}), so
 * that {@code depends_on}, {@code depends-on} and {@code dependsOn} are one field. Every bundle that reads
 * compose fields reads them through here, so they mean the same to the planner as to the engine.
 */
public final class ComposeKeys {
    private ComposeKeys() {
    }

    /** {@code stop_grace_period} and {@code stop-grace-period} alike become {@code stopGracePeriod}. */
    public static String camelCase(String key) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '_' || c == '-' || c == ' ') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.length() > 0 ? Character.toLowerCase(out.charAt(0)) + out.substring(1) : key.toLowerCase(Locale.ROOT);
    }

    /** The composition with camel-cased keys, in document order; of two spellings of one field the later wins. */
    public static Map<String, Object> camelCased(Map<String, Object> composition) {
        Map<String, Object> out = new LinkedHashMap<>();
        composition.forEach((key, value) -> out.put(camelCase(key), value));
        return out;
    }
}
