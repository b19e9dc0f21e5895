package io.bosun.logs;

import static io.bosun.logs.Received.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.logs.LogRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void keepsTheLatestInOrderAndAtMostItsCapacity() {
        History history = new History(5);
        List<LogRecord> all = lines(0, 8);
        all.forEach(history::add);

        assertEquals(all.subList(3, 8), history.latest(10), "the last five, oldest first");
        assertEquals(all.subList(3, 8), history.latest(5));
        assertEquals(all.subList(5, 8), history.latest(3), "the newest three");
        assertEquals(List.of(), history.latest(0));
        assertEquals(List.of(), history.latest(-1));
    }

    @Test
    void anEmptyHistoryHasNothing() {
        assertEquals(List.of(), new History(3).latest(3));
    }
}
