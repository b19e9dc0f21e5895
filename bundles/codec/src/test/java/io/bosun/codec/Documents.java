package io.bosun.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.InvalidTargetStateException.Violation;
import io.bosun.spi.target.TargetStateCodec;

/** Test documents and helpers shared by the codec tests. */
final class Documents {
    static final ObjectMapper JSON = new ObjectMapper();
    static final TargetStateCodec CODEC = new JacksonTargetStateCodec();

    private Documents() {
    }

    static ObjectNode resource(String name) {
        try (InputStream in = Documents.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String json) {
        return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The object at a dot-separated path (keys without dots) below {@code root}. */
    static ObjectNode at(JsonNode root, String path) {
        JsonNode node = root;
        if (!path.isEmpty()) {
            for (String key : path.split("\\.")) {
                node = node.get(key);
                if (node == null) {
                    throw new IllegalArgumentException("no " + key + " in " + path);
                }
            }
        }
        return (ObjectNode) node;
    }

    static List<Violation> v3Violations(JsonNode document, String deviceUuid) {
        return assertThrows(InvalidTargetStateException.class,
                () -> CODEC.readV3(bytes(document), deviceUuid)).violations();
    }

    static List<Violation> v2Violations(JsonNode document, String currentName) {
        return assertThrows(InvalidTargetStateException.class,
                () -> CODEC.readV2(bytes(document), "dev1", currentName)).violations();
    }

    static void assertViolations(List<Violation> actual, Violation... expected) {
        assertEquals(List.of(expected), actual);
    }

    static Violation violation(String path, String rule) {
        return new Violation(path, rule);
    }
}
