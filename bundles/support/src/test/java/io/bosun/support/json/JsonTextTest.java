package io.bosun.support.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\r\\u0001\\u2028\\b\\f\"",
                JsonText.quote("a\"b\\c\nd\te\r\u0001\u2028\b\f"));
    }

    @Test
    void otherCharactersStayAsTheyAre() {
        assertEquals("\"héllo wörld ✓\"", JsonText.quote("héllo wörld ✓"));
    }
}
