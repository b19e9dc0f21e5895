package io.bosun.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.support.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The device's {@code config.json}: its uuid, cloud endpoint and device type. A device without a uuid gets one,
 * written back at once so that it stays the same across restarts; a missing file is created for that.
 */
final class ConfigJsonFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigJsonFile() {
    }

    static DeviceIdentity readOrInitialise(Path file, String variable, String jvmArch) throws InvalidSettingException {
        ObjectNode config = read(file, variable);
        String uuid = text(config, "uuid").orElse(null);
        if (uuid == null) {
            uuid = newUuid();
            config.put("uuid", uuid);
            try {
                DurableFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
            } catch (IOException e) {
                throw new InvalidSettingException(variable,
                        "cannot write the generated device uuid to " + file + " (" + e.getMessage() + ")");
            }
        }
        return new DeviceIdentity(uuid, text(config, "apiEndpoint"), text(config, "deviceType").orElse(null),
                text(config, "deviceArch").orElse(archSlug(jvmArch)));
    }

    private static ObjectNode read(Path file, String variable) throws InvalidSettingException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return JSON.createObjectNode();
        } catch (IOException e) {
            throw new InvalidSettingException(variable, "cannot read " + file + " (" + e.getMessage() + ")");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new InvalidSettingException(variable, file + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new InvalidSettingException(variable, "cannot read " + file + " (" + e.getMessage() + ")");
        }
        if (tree == null || tree.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new InvalidSettingException(variable, file + " must hold a JSON object");
        }
        for (String field : new String[] {"uuid", "apiEndpoint", "deviceType", "deviceArch"}) {
            JsonNode value = object.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw new InvalidSettingException(variable, file + ": '" + field + "' must be a string");
            }
        }
        return object;
    }

    private static Optional<String> text(ObjectNode config, String field) {
        JsonNode value = config.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank()
                ? Optional.empty() : Optional.of(value.asText());
    }

    /** The same form balena uses: 16 random bytes, lower-case hex. */
    private static String newUuid() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** balena's architecture slugs, from the JVM's name for the architecture. */
    static String archSlug(String jvmArch) {
        return switch (jvmArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "aarch64";
            case "arm" -> "armv7hf";
            case "x86", "i386", "i686" -> "i386";
            default -> jvmArch;
        };
    }
}
