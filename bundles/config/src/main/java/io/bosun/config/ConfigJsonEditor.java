package io.bosun.config;

import static io.bosun.config.ConfigJsonFields.REGISTERED_AT;
import static io.bosun.config.ConfigJsonFields.UUID;

import io.bosun.support.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one code path that changes {@code config.json}: read the file, apply the change to its tree (every other
 * field kept, in its order), check it, write it whole with the durable write. One change at a time: the
 * activator's uuid and the {@link ConfigJsonWriterComponent} share the lock, and what is done after a write (the
 * writer republishes the identity) runs under it too, so identities are published in the order they were written.
 */
final class ConfigJsonEditor {
    private static final Object ONE_WRITER = new Object();

    /** Runs under the lock after the file was written. */
    interface AfterWrite {
        void written(Map<String, Object> config) throws IOException;
    }

    /**
     * What the file holds after a change.
     *
     * @param config the file's content
     * @param written whether the file had to be written (false: nothing changed, the file was not touched)
     */
    record Outcome(Map<String, Object> config, boolean written) {
    }

    private ConfigJsonEditor() {
    }

    static Outcome update(Path file, Map<String, Object> set, Set<String> remove, AfterWrite then)
            throws IOException {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(remove, "remove");
        synchronized (ONE_WRITER) {
            Map<String, Object> before = ConfigJsonFile.read(file);
            Map<String, Object> after = changed(before, set, remove);
            if (after.equals(before)) {
                return new Outcome(before, false);
            }
            write(file, after);
            then.written(after);
            return new Outcome(after, true);
        }
    }

    /** The start's change: a device without a uuid gets one; looked at and made under the same lock. */
    static Outcome addUuidIfMissing(Path file, Supplier<String> newUuid) throws IOException {
        synchronized (ONE_WRITER) {
            Map<String, Object> before = ConfigJsonFile.read(file);
            if (ConfigJsonFields.text(before, UUID).isPresent()) {
                return new Outcome(before, false);
            }
            Map<String, Object> after = changed(before, Map.of(UUID, newUuid.get()), Set.of());
            write(file, after);
            return new Outcome(after, true);
        }
    }

    /**
     * The tree with the change applied, checked.
     *
     * @throws IllegalArgumentException naming the field: a value that is no JSON value or not of the field's
     *         type, a field both set and removed, a uuid removed, emptied or changed once registered
     */
    static Map<String, Object> changed(Map<String, Object> before, Map<String, Object> set, Set<String> remove) {
        Map<String, Object> after = new LinkedHashMap<>(before);
        for (String field : remove) {
            if (set.containsKey(field)) {
                throw new IllegalArgumentException("'" + field + "' is both set and removed");
            }
            after.remove(field);
        }
        for (Map.Entry<String, Object> change : set.entrySet()) {
            Object value = JsonValues.normalized(change.getKey(), change.getValue());
            ConfigJsonFields.problem(change.getKey(), value).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            after.put(change.getKey(), value);
        }
        checkUuid(before, after);
        return after;
    }

    /**
     * The device is known by its uuid: it may not go, and once the cloud has registered it (balena's
     * {@code registered_at}), changing it would make another device of the same one.
     */
    private static void checkUuid(Map<String, Object> before, Map<String, Object> after) {
        if (ConfigJsonFields.text(after, UUID).isEmpty()) {
            throw new IllegalArgumentException("'uuid' cannot be removed or emptied: the device is known by it");
        }
        Optional<String> known = ConfigJsonFields.text(before, UUID);
        boolean changes = known.isPresent() && !known.equals(ConfigJsonFields.text(after, UUID));
        if (changes && ConfigJsonFields.registered(before)) {
            throw new IllegalArgumentException("'uuid' cannot change once '" + REGISTERED_AT + "' is set");
        }
    }

    private static void write(Path file, Map<String, Object> config) throws IOException {
        try {
            DurableFiles.write(file, ConfigJsonFile.pretty(config));
        } catch (IOException e) {
            throw new IOException("cannot write " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
