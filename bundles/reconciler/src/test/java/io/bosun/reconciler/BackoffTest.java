package io.bosun.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** balena's apply back-off (spec §1.4, §11.8 case 74): doubling from 500 ms, capped. */
class BackoffTest {

    @Test
    void doublesFromHalfASecond() {
        assertEquals(Duration.ofMillis(1000), Backoff.after(1));
        assertEquals(Duration.ofMillis(2000), Backoff.after(2));
        assertEquals(Duration.ofMillis(8000), Backoff.after(4));
    }

    @Test
    void isCappedAtFifteenMinutes() {
        assertEquals(Duration.ofMinutes(15), Backoff.after(11));
        assertEquals(Duration.ofMinutes(15), Backoff.after(500));
    }

    @Test
    void printsShortDurations() {
        assertEquals("500ms", Backoff.pretty(Duration.ofMillis(500)));
        assertEquals("4s", Backoff.pretty(Duration.ofSeconds(4)));
        assertEquals("2m", Backoff.pretty(Duration.ofSeconds(128)));
        assertEquals("1h", Backoff.pretty(Duration.ofMinutes(60)));
    }
}
