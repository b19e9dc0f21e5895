package io.bosun.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/** Accepted and refused values agree with balena's NumericIdentifier (JavaScript +s === parseInt(s, 10)). */
class NumericIdentifiersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0                    | 0
            1234                 | 1234
            1.0                  | 1
            5e2                  | 500
            9007199254740991     | 9007199254740991
            "1234"               | 1234
            "007"                | 7
            " 12 "               | 12
            "+5"                 | 5
            "-0"                 | 0
            "1.0"                | 1
            "1."                 | 1
            "10e0"               | 10
            """)
    void accepts(String json, long expected) throws Exception {
        JsonNode node = JsonDocuments.mapper().readTree(json);
        assertEquals(OptionalLong.of(expected), NumericIdentifiers.parse(node));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "-1", "1.5", "1e400", "9007199254740992", "1e21", "\"\"", "\"  \"", "\"1e3\"",
            "\"0x10\"", "\"12abc\"", "\"-1\"", "\"Infinity\"", "\".5\"", "\"1_000\"", "true", "null", "[1]",
            "{\"id\": 1}" })
    void refuses(String json) throws Exception {
        JsonNode node = JsonDocuments.mapper().readTree(json);
        assertTrue(NumericIdentifiers.parse(node).isEmpty(), json);
    }
}
