package io.bosun.config;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.support.json.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the device's {@code config.json}, strictly: a file that is no JSON object, or a known field of the wrong
 * type, is refused naming the file and what is wrong, and left as it is. At start a device without a uuid gets
 * one, written back at once (through {@link ConfigJsonEditor}, the one writer) so that it stays across restarts.
 * The file is read with the support bundle's small JSON reader, not Jackson: this runs at every start, before the
 * device API answers (docs/footprint.md).
 */
final class ConfigJsonFile {

    private ConfigJsonFile() {
    }

    /** The identity at start, after giving the device a uuid if it has none (a missing file is created). */
    static DeviceIdentity readOrInitialise(Path file, String variable, String jvmArch) throws InvalidSettingException {
        try {
            Map<String, Object> config = ConfigJsonEditor.addUuidIfMissing(file, ConfigJsonFile::newUuid).config();
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
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " (" + e.getMessage() + ")", e);
        }
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (JsonTree.isBlank(text)) {
            return new LinkedHashMap<>();
        }
        Object tree;
        try {
            tree = JsonTree.parse(text);
        } catch (JsonTree.SyntaxError e) {
            throw new IOException(file + " is not valid JSON (line " + e.line() + ", column " + e.column() + ")", e);
        }
        if (!(tree instanceof Map<?, ?> object)) {
            throw new IOException(file + " must hold a JSON object");
        }
        Map<String, Object> config = (Map<String, Object>) object;
        Optional<String> problem = ConfigJsonFields.firstProblem(config);
        if (problem.isPresent()) {
            throw new IOException(file + ": " + problem.get());
        }
        return config;
    }

    /** The form the file is written in: pretty-printed, fields in their order (the layout Jackson gave it). */
    static byte[] pretty(Map<String, Object> config) {
        return JsonTree.pretty(config).getBytes(StandardCharsets.UTF_8);
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
