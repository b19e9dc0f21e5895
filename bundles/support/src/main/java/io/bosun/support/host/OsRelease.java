package io.bosun.support.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The host's {@code os-release} values, read one way for every bundle: the API's {@code os_version}, the
 * {@code BALENA_HOST_OS_VERSION} the reconciler gives services and the board revision the engine injects all come
 * from here. {@code KEY=value} lines; the value may be quoted with {@code "} or {@code '}; other lines are skipped.
 *
 * @param values the values by key, in file order
 */
public record OsRelease(Map<String, String> values) {
    /** Where the host keeps it. */
    public static final Path HOST_FILE = Path.of("/etc/os-release");

    public OsRelease {
        values = Map.copyOf(values);
    }

    /** The host's values; none when the file is absent or unreadable (not every host has one). */
    public static OsRelease ofHost() {
        return read(HOST_FILE);
    }

    /** The values of a file; none when it is absent or unreadable. */
    public static OsRelease read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return new OsRelease(Map.of());
        }
    }

    /** The values of an os-release text. */
    public static OsRelease parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || trimmed.startsWith("#")) {
                continue;
            }
            String value = trimmed.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))
                    && value.endsWith(value.substring(0, 1))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(trimmed.substring(0, eq).trim(), value);
        }
        return new OsRelease(values);
    }

    /** A value, if the file sets it to something. */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    /** {@code PRETTY_NAME}, as balena reports the host OS version. */
    public Optional<String> prettyName() {
        return value("PRETTY_NAME");
    }
}
