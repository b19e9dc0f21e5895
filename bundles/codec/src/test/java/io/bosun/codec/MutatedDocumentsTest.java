package io.bosun.codec;

import static io.bosun.codec.Documents.CODEC;
import static io.bosun.codec.Documents.JSON;
import static io.bosun.codec.Documents.bytes;
import static io.bosun.codec.Documents.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.InvalidTargetStateException.Violation;
import io.bosun.spi.target.TargetState;

/**
 * Seeded random mutations of valid documents. Whatever the input, reading either yields a target that survives a
 * write/read round trip, or is rejected with violations that all say something; nothing else may be thrown.
 */
class MutatedDocumentsTest {
    private static final long SEED = 20_261_121L;
    private static final int MUTATIONS = 3000;
    private static final String[] BAD_NAMES = { "", " FOO", "a b", "9x", "-x", "x\ny", "caf\u00e9", "q\"uote", "`",
            "x".repeat(300), "01", "1e3", "\u0000" };
    private static final String[] TRICKY_TEXT = { "", " ", "x".repeat(256), "two\nlines", "repo@sha256:abc",
            "127.0.0.1:5000/app", "-1", "1.5", "0x10", "9007199254740992", "fleet", "block", "true", "\ud800" };

    /** A valid document and the device uuid it is for; every mutant is read both as v3 and as v2. */
    private record Seed(String resource, String uuid) {
    }

    private static final List<Seed> SEEDS = List.of(
            new Seed("device-state-example.json", "local"),
            new Seed("legacy-v3-example.json", "local"),
            new Seed("full-v3.json", "dev1"),
            new Seed("legacy-v2-example.json", "dev1"),
            new Seed("v2-invalid-env-key.json", "dev1"));

    private final Random random = new Random(SEED);
    private final JsonNodeFactory nodes = JSON.getNodeFactory();

    @Test
    void readingNeverFailsOtherwiseThanWithNamedViolations() {
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            Seed seed = SEEDS.get(random.nextInt(SEEDS.size()));
            byte[] mutant = mutate(resource(seed.resource()));
            for (boolean asV2 : new boolean[] { false, true }) {
                if (check(mutant, seed.uuid(), asV2)) {
                    accepted++;
                } else {
                    rejected++;
                }
            }
        }
        // Both outcomes must be common, or the mutator is not testing much.
        assertTrue(accepted > MUTATIONS / 10, "accepted " + accepted);
        assertTrue(rejected > MUTATIONS / 2, "rejected " + rejected);
    }

    private boolean check(byte[] json, String uuid, boolean asV2) {
        try {
            TargetState target = asV2 ? CODEC.readV2(json, uuid, random.nextBoolean() ? "current" : null)
                    : CODEC.readV3(json, uuid);
            assertEquals(target, CODEC.readV3(CODEC.writeV3(target), uuid), () -> describe(json));
            return true;
        } catch (InvalidTargetStateException e) {
            assertFalse(e.violations().isEmpty());
            for (Violation violation : e.violations()) {
                assertNotNull(violation.path(), () -> describe(json));
                assertFalse(violation.rule() == null || violation.rule().isBlank(), () -> describe(json));
            }
            return false;
        } catch (RuntimeException | Error e) {
            fail("unexpected " + e + " for " + describe(json), e);
            return false;
        }
    }

    private static String describe(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private byte[] mutate(ObjectNode document) {
        int kind = random.nextInt(9);
        if (kind < 5) {
            int rounds = 1 + random.nextInt(3);
            for (int r = 0; r < rounds; r++) {
                mutateTree(document, kind);
                kind = random.nextInt(5);
            }
            return bytes(document);
        }
        return mutateText(bytes(document), kind);
    }

    private void mutateTree(ObjectNode document, int kind) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(document, containers);
        JsonNode container = containers.get(random.nextInt(containers.size()));
        if (container instanceof ArrayNode array) {
            if (!array.isEmpty()) {
                array.set(random.nextInt(array.size()), randomValue());
            } else {
                array.add(randomValue());
            }
            return;
        }
        ObjectNode object = (ObjectNode) container;
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        String key = keys.isEmpty() ? null : keys.get(random.nextInt(keys.size()));
        switch (kind) {
            case 0 -> {
                if (key != null) {
                    object.remove(key);
                }
            }
            case 1 -> {
                if (key != null) {
                    object.set(key, randomValue());
                }
            }
            case 2 -> {
                if (key != null) {
                    object.set(BAD_NAMES[random.nextInt(BAD_NAMES.length)], object.remove(key));
                }
            }
            case 3 -> object.set(BAD_NAMES[random.nextInt(BAD_NAMES.length)], randomValue());
            default -> {
                if (key != null) {
                    object.put(key, TRICKY_TEXT[random.nextInt(TRICKY_TEXT.length)]);
                }
            }
        }
    }

    private JsonNode randomValue() {
        return switch (random.nextInt(10)) {
            case 0 -> nodes.nullNode();
            case 1 -> nodes.booleanNode(random.nextBoolean());
            case 2 -> nodes.numberNode(random.nextInt(2000) - 1000);
            case 3 -> nodes.numberNode(random.nextDouble() * 10);
            case 4 -> nodes.textNode(TRICKY_TEXT[random.nextInt(TRICKY_TEXT.length)]);
            case 5 -> nodes.arrayNode().add("x=y").add(1);
            case 6 -> nodes.objectNode();
            case 7 -> nodes.objectNode().put(BAD_NAMES[random.nextInt(BAD_NAMES.length)], "v");
            case 8 -> nodes.numberNode(new java.math.BigDecimal("1e400"));
            default -> nodes.objectNode().put("A", 1).putNull("B");
        };
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            for (Iterator<JsonNode> children = node.elements(); children.hasNext();) {
                collectContainers(children.next(), into);
            }
        }
    }

    private byte[] mutateText(byte[] json, int kind) {
        int at = random.nextInt(json.length);
        byte[] structural = "{}[]\",:\\ 0-e\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        return switch (kind) {
            case 5 -> Arrays.copyOf(json, at);
            case 6 -> concat(Arrays.copyOf(json, at), Arrays.copyOfRange(json, at + 1, json.length));
            case 7 -> concat(Arrays.copyOf(json, at),
                    concat(new byte[] { structural[random.nextInt(structural.length)] },
                            Arrays.copyOfRange(json, at, json.length)));
            default -> {
                byte[] copy = json.clone();
                copy[at] = (byte) random.nextInt(256);
                yield copy;
            }
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
