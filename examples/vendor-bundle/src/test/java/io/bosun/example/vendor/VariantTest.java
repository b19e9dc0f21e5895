package io.bosun.example.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bosun.spi.health.HealthResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VariantTest {

    @Test
    void aBundleWithoutTheHeaderIsTheGoodBuild() {
        assertEquals(Variant.GOOD, Variant.of(null));
        assertEquals(Variant.GOOD, Variant.of(" "));
    }

    @Test
    void theHeaderNamesTheVariant() {
        assertEquals(Variant.GOOD, Variant.of("good"));
        assertEquals(Variant.FAILS_ACTIVATION, Variant.of("fails-activation"));
        assertEquals(Variant.UNHEALTHY, Variant.of(" Unhealthy "));
    }

    @Test
    void aMisspeltVariantIsNoGoodBuild() {
        assertThrows(IllegalArgumentException.class, () -> Variant.of("unhealty"));
    }

    @Test
    void theGoodBuildStaysHealthy() {
        assertEquals(HealthResult.HEALTHY, Variant.GOOD.health(Duration.ofDays(1)));
    }

    @Test
    void theUnhealthyBuildTurnsAfterOneSecond() {
        assertEquals(HealthResult.HEALTHY, Variant.UNHEALTHY.health(Duration.ofMillis(999)));
        assertEquals(HealthResult.unhealthy(Variant.UNHEALTHY_MESSAGE), Variant.UNHEALTHY.health(Duration.ofSeconds(1)));
    }

    @Test
    void theBrokenBuildRefusesToActivate() {
        Build broken = new Build(Variant.FAILS_ACTIVATION, "1.0.1");
        IllegalStateException e = assertThrows(IllegalStateException.class, broken::requireActivation);
        assertEquals("the example's broken build fails activation on purpose", e.getMessage());
    }
}
