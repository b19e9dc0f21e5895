package io.bosun.support.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTreeTest {
    @Test
    void valuesBecomePlainJavaValuesInTheTextsOrder() throws Exception {
        Object tree = JsonTree.parse(" {\"b\": 1, \"a\": [true, false, null, -0.5, 1e3, \"x\\u00e9\\n\\\"\"],"
                + " \"big\": 123456789012345678901234567890, \"o\": {}} ");
        Map<?, ?> object = (Map<?, ?>) tree;
        assertEquals(List.of("b", "a", "big", "o"), new ArrayList<>(object.keySet()));
        assertEquals(1L, object.get("b"));
        assertEquals(Arrays.asList(true, false, null, -0.5, 1000.0, "xé\n\""), object.get("a"));
        assertEquals(new BigInteger("123456789012345678901234567890"), object.get("big"));
        assertEquals(Map.of(), object.get("o"));
        assertNull(JsonTree.parse("null"));
        assertTrue(JsonTree.isBlank(" \n\t"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\": 1,}|expected a field name in quotes at line 1, column 9",
        "{\"a\" 1}|expected ':' at line 1, column 6",
        "[1 2]|expected ',' or ']' at line 1, column 4",
        "01|unexpected '1' after the value at line 1, column 2",
        "{\"a\": 1} x|unexpected 'x' after the value at line 1, column 10",
        "\"\\q\"|unknown escape '\\q' at line 1, column 3",
        "-|unexpected end of the text at line 1, column 2",
        "-x|a number needs digits at line 1, column 2",
    })
    void aTextThatIsNoJsonIsRefusedSayingWhereAndWhy(String text, String message) {
        JsonTree.SyntaxError e = assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void theLineAndColumnCountFromTheStartOfTheLineWhereTheTextStopsBeingJson() {
        JsonTree.SyntaxError e = assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("{\"a\":\n  oops}"));
        assertEquals(2, e.line());
        assertEquals(3, e.column());
        assertEquals("unexpected 'o' at line 2, column 3", e.getMessage());
        assertEquals("unterminated string at line 1, column 5",
                assertThrows(JsonTree.SyntaxError.class, () -> JsonTree.parse("\"abc")).getMessage());
    }

    @Test
    void prettyKeepsTheLayoutJacksonsDefaultPrinterGaveTheFiles() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("k", "v");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("uuid", "abc");
        config.put("applicationId", 12L);
        config.put("list", List.of(1L, nested));
        config.put("empty", Map.of());
        config.put("none", List.of());
        config.put("ratio", 0.5);
        config.put("gone", null);
        assertEquals("""
                {
                  "uuid" : "abc",
                  "applicationId" : 12,
                  "list" : [ 1, {
                    "k" : "v"
                  } ],
                  "empty" : { },
                  "none" : [ ],
                  "ratio" : 0.5,
                  "gone" : null
                }""", JsonTree.pretty(config));
        assertEquals("{\"uuid\":\"abc\",\"applicationId\":12,\"list\":[1,{\"k\":\"v\"}],\"empty\":{},\"none\":[],"
                + "\"ratio\":0.5,\"gone\":null}", JsonTree.compact(config));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws Exception {
        String text = "{\"a\":[1,2.25,\"t\\tab\\u0001\",{\"b\":null}],\"c\":true}";
        Object tree = JsonTree.parse(text);
        assertEquals(tree, JsonTree.parse(JsonTree.pretty(tree)));
        assertEquals(text, JsonTree.compact(tree));
    }

    @Test
    void frozenValuesCannotBeChanged() throws Exception {
        Map<?, ?> frozen = (Map<?, ?>) JsonTree.frozen(JsonTree.parse("{\"a\": [1]}"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) frozen.get("a")).clear());
        assertThrows(UnsupportedOperationException.class, frozen::clear);
    }

    @Test
    void noJsonValueIsWrittenAsOne() {
        assertThrows(IllegalArgumentException.class, () -> JsonTree.compact(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> JsonTree.compact(new Object()));
    }
}
