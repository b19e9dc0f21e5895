package io.bosun.codec;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.InvalidTargetStateException.Violation;

/** Turns bytes into a Jackson tree and back, with JSON as strict as JavaScript's JSON.parse. */
final class JsonDocuments {
    static final String EMPTY = "the document is empty";

    private JsonDocuments() {
    }

    /** Built on first use, not when the component activates; ObjectMapper is thread-safe once configured. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper()
                // JSON.parse refuses "{} x"; Jackson would silently stop after the first value.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Keeps numbers like 1e400 exact in the composition instead of turning them into Infinity.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    static JsonNode parse(byte[] json) throws InvalidTargetStateException {
        JsonNode tree;
        try {
            tree = mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("not valid JSON: " + e.getOriginalMessage() + position(e.getLocation()));
        } catch (IOException e) {
            throw invalid("not valid JSON: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw invalid(EMPTY);
        }
        return tree;
    }

    static byte[] write(ObjectNode document) {
        try {
            return mapper().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; anything else is a bug here, not bad input.
            throw new IllegalStateException("could not write a target-state document", e);
        }
    }

    private static String position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static InvalidTargetStateException invalid(String rule) {
        return new InvalidTargetStateException(List.of(new Violation("", rule)));
    }
}
