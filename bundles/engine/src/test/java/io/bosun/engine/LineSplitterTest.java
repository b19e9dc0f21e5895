package io.bosun.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(lines::add);

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, 0, bytes.length);
    }

    @Test
    void linesAreCutAtNewlinesAcrossChunks() {
        feed("one\ntw");
        feed("o\nthree");
        splitter.end();
        assertEquals(List.of("one", "two", "three"), lines);
    }

    /** Regression: a service writing without newlines grew the supervisor's heap without bound. */
    @Test
    void outputWithoutNewlinesIsPassedOnCutAndTheRestOfItsLineDropped() {
        byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 1000; i++) {
            splitter.feed(chunk, 0, chunk.length);
        }
        assertEquals(1, lines.size(), "8 MB without a newline is one cut line, passed on at once");
        assertTrue(lines.get(0).length() <= LineSplitter.MAX_BYTES + LineSplitter.CUT.length());
        assertTrue(lines.get(0).endsWith(LineSplitter.CUT));
        feed("still the long line\nnext\n");
        assertEquals(List.of("next"), lines.subList(1, lines.size()), "the long line's rest is dropped");
    }

    @Test
    void messagesAreBoundedAtBalenasLength() {
        assertEquals("short", LineSplitter.bounded("short"));
        String cut = LineSplitter.bounded("y".repeat(LineSplitter.MAX_CHARS + 1));
        assertEquals(LineSplitter.MAX_CHARS + LineSplitter.CUT.length(), cut.length());
        assertTrue(cut.endsWith("y" + LineSplitter.CUT));
        String exact = "z".repeat(LineSplitter.MAX_CHARS);
        assertEquals(exact, LineSplitter.bounded(exact));
    }

    @Test
    void aCutNeverSplitsACharacterInTwo() {
        String text = "a".repeat(LineSplitter.MAX_CHARS - 1) + "😀" + "b";
        String cut = LineSplitter.bounded(text);
        assertEquals("a".repeat(LineSplitter.MAX_CHARS - 1) + LineSplitter.CUT, cut);
    }
}
