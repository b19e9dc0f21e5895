package io.bosun.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bosun.spi.config.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads the device's {@code config.json}, strictly: a file that is no JSON object, or a known field of the wrong
 * type, is refused naming the file and what is wrong, and left as it is. At start a device without a uuid gets
 * one, written back at once (through {@link ConfigJsonEditor}, the one writer) so that it stays across restarts.
 */
final class ConfigJsonFile {
    static final ObjectMapper JSON = new ObjectMapper();

    private ConfigJsonFile() {
    }

    /** The identity at start, after giving the device a uuid if it has none (a missing file is created). */
    static DeviceIdentity readOrInitialise(Path file, String variable, String jvmArch) throws InvalidSettingException {
        try {
            ObjectNode config = ConfigJsonEditor.addUuidIfMissing(file, ConfigJsonFile::newUuid).config();
            return ConfigJsonFields.identity(config, jvmArch);
        } catch (IOException e) {
            throw new InvalidSettingException(variable, e.getMessage());
        }
    }

    /**
     * The file's object, an empty one when there is no file.
     *
     * @throws IOException with a message naming the file and the fault (line and column for bad JSON)
     */
    static ObjectNode read(Path file) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return JSON.createObjectNode();
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " (" + e.getMessage() + ")", e);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")", e);
        }
        if (tree == null || tree.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new IOException(file + " must hold a JSON object");
        }
        Optional<String> problem = ConfigJsonFields.firstProblem(object);
        if (problem.isPresent()) {
            throw new IOException(file + ": " + problem.get());
        }
        return object;
    }

    /** The form the file is written in: pretty-printed, fields in their order. */
    static byte[] pretty(ObjectNode config) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config);
    }

    /** The same form balena uses: 16 random bytes, lower-case hex. */
    static String newUuid() {
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
