package io.bosun.example.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.health.HealthResult;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExampleHealthTest {
    // Starts far from zero, so that a check measuring from zero instead of from activation would show.
    private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(5));
    private final ExampleHealth health = new ExampleHealth(nanos::get);

    @Test
    void theUnhealthyBuildIsHealthyForItsFirstSecondThenNeverAgain() {
        health.start(new Build(Variant.UNHEALTHY, "1.0.2"));
        assertTrue(health.check().healthy());

        advanceMillis(999);
        assertTrue(health.check().healthy());

        advanceMillis(1);
        HealthResult turned = health.check();
        assertFalse(turned.healthy());
        assertEquals("the example's unhealthy build turned unhealthy on purpose", turned.reason());

        advanceMillis(TimeUnit.DAYS.toMillis(1));
        assertEquals(turned, health.check());
    }

    @Test
    void theGoodBuildIsHealthyLongAfter() {
        health.start(new Build(Variant.GOOD, "1.0.0"));
        advanceMillis(TimeUnit.DAYS.toMillis(1));
        assertEquals(HealthResult.HEALTHY, health.check());
    }

    @Test
    void theBrokenBuildFailsActivation() {
        assertThrows(IllegalStateException.class, () -> health.start(new Build(Variant.FAILS_ACTIVATION, "1.0.1")));
    }

    @Test
    void itIsNamedForTheLogs() {
        assertEquals("vendor-example", health.name());
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
