package io.bosun.codec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads typed values out of a Jackson tree. A value that breaks a rule is recorded with its path and comes back
 * empty, so that the caller can carry on and find the next fault.
 */
final class FieldReader {
    static final String REQUIRED = "is required";
    static final String NOT_AN_OBJECT = "must be an object";
    static final String NOT_A_STRING = "must be a string";
    static final String NOT_A_BOOLEAN = "must be a boolean";
    static final String NOT_AN_ARRAY = "must be an array";
    static final String TOO_LONG = "must be at most " + KeyRule.MAX_LENGTH + " characters long";

    private final Violations violations;

    FieldReader(Violations violations) {
        this.violations = violations;
    }

    Violations violations() {
        return violations;
    }

    /** The field of an object, or null when the object has no such field. */
    static JsonNode field(JsonNode object, String name) {
        return object == null ? null : object.get(name);
    }

    Optional<JsonNode> object(JsonNode value, Path path, Presence presence) {
        if (!given(value, path, presence)) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            violations.add(path, NOT_AN_OBJECT);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    Optional<String> string(JsonNode value, Path path, Presence presence) {
        if (!given(value, path, presence)) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            violations.add(path, NOT_A_STRING);
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    /** balena's ShortString: a string of at most 255 characters (UTF-16 units, as JavaScript counts). */
    Optional<String> shortString(JsonNode value, Path path, Presence presence) {
        Optional<String> text = string(value, path, presence);
        if (text.isPresent() && text.get().length() > KeyRule.MAX_LENGTH) {
            violations.add(path, TOO_LONG);
            return Optional.empty();
        }
        return text;
    }

    Optional<Boolean> bool(JsonNode value, Path path, Presence presence) {
        if (!given(value, path, presence)) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            violations.add(path, NOT_A_BOOLEAN);
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    OptionalLong numericId(JsonNode value, Path path) {
        if (!given(value, path, Presence.REQUIRED)) {
            return OptionalLong.empty();
        }
        OptionalLong id = NumericIdentifiers.parse(value);
        if (id.isEmpty()) {
            violations.add(path, NumericIdentifiers.RULE);
        }
        return id;
    }

    Optional<JsonNode> array(JsonNode value, Path path, Presence presence) {
        if (!given(value, path, presence)) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            violations.add(path, NOT_AN_ARRAY);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** An object of strings whose keys follow {@code keys}; empty map when absent or broken. */
    Map<String, String> stringMap(JsonNode value, Path path, Presence presence, KeyRule keys) {
        return entries(value, path, presence, keys, (entry, entryPath, key) -> string(entry, entryPath,
                Presence.REQUIRED));
    }

    /** Reads the value of one entry of an object used as a map, given its path and key. */
    @FunctionalInterface
    interface EntryReader<T> {
        Optional<T> read(JsonNode value, Path path, String key);
    }

    /**
     * An object used as a map (apps by uuid, services by name, ...): keys checked against {@code rule}, each value
     * read by {@code entry}, in the order balena sees them; entries that break a rule are left out.
     */
    <T> Map<String, T> entries(JsonNode value, Path path, Presence presence, KeyRule rule, EntryReader<T> entry) {
        Map<String, T> result = new LinkedHashMap<>();
        object(value, path, presence).ifPresent(object -> {
            for (String key : keys(object, path, rule)) {
                entry.read(object.get(key), path.child(key), key).ifPresent(read -> result.put(key, read));
            }
        });
        return result;
    }

    /**
     * The keys of an object in the order balena sees them, after recording a violation (on the object's path) for
     * each key that breaks {@code rule}. Every key is returned, so that the values behind bad keys are still checked.
     */
    List<String> keys(JsonNode object, Path path, KeyRule rule) {
        List<String> keys = JsObjectOrder.keys(object);
        for (String key : keys) {
            rule.check(key).ifPresent(broken -> violations.add(path, broken));
        }
        return keys;
    }

    private boolean given(JsonNode value, Path path, Presence presence) {
        if (value == null || value.isMissingNode()) {
            if (presence == Presence.REQUIRED) {
                violations.add(path, REQUIRED);
            }
            return false;
        }
        return !(value.isNull() && (presence == Presence.DEFAULTED || presence == Presence.LENIENT));
    }
}
