package io.bosun.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bosun.support.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code hostname} field of {@code config.json}, where balena keeps the host name it sets (balenaOS applies
 * it at boot). Writes keep every other field as it is, and are atomic ({@link DurableFiles}), since the file also
 * holds the device's identity.
 */
final class ConfigJsonHostname {
    private static final String FIELD = "hostname";

    private ConfigJsonHostname() {
    }

    /** The host name set in the file; empty when none is (or the file does not exist yet). */
    static Optional<String> read(Path configJson) throws IOException {
        JsonNode value = object(configJson).get(FIELD);
        return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText())
                : Optional.empty();
    }

    /**
     * Sets the host name; empty text removes the field. The file is left untouched when nothing changes, as it
     * may live on a boot partition that is better written seldom.
     */
    static void write(Path configJson, String hostname) throws IOException {
        ObjectNode config = object(configJson);
        JsonNode before = config.get(FIELD);
        if (hostname.isEmpty()) {
            config.remove(FIELD);
        } else {
            config.put(FIELD, hostname);
        }
        if (!Objects.equals(before, config.get(FIELD))) {
            // Pretty-printed, as the config bundle writes it.
            DurableFiles.write(configJson, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        }
    }

    private static ObjectNode object(Path configJson) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(configJson);
        } catch (NoSuchFileException e) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode tree = content.length == 0 ? null : Json.MAPPER.readTree(content);
        if (tree == null || tree.isMissingNode()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new IOException(configJson + " must hold a JSON object");
        }
        return object;
    }
}
