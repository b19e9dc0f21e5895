package io.bosun.itests;

import java.util.Dictionary;
import java.util.Hashtable;

/** ConfigAdmin properties in tests that change a configuration and put it back. */
final class Configurations {
    private Configurations() {
    }

    /** A copy to change, leaving the original to restore. */
    static Hashtable<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (var keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }
}
