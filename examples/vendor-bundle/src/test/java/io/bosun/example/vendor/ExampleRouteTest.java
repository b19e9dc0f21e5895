package io.bosun.example.vendor;

import static io.bosun.spi.api.ApiResponse.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bosun.spi.api.Access;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.logs.LogRecord;
import org.junit.jupiter.api.Test;

class ExampleRouteTest {
    private final ExampleLogSink sink = new ExampleLogSink();

    @Test
    void answersWhichBuildRunsAndTheRecordsItsSinkSaw() {
        ExampleRoute route = new ExampleRoute(new Build(Variant.UNHEALTHY, "1.0.2"), sink);
        sink.accept(LogRecord.system("one", false));
        sink.accept(LogRecord.system("two", true));

        // The route reads nothing of the call, so none is needed.
        assertEquals(ApiResponse.json(200, fields("status", "success", "vendor", "example", "variant", "unhealthy",
                "version", "1.0.2", "logsSeen", 2L)), route.handle(null));
    }

    @Test
    void answersUnavailableWhileItsSinkIsMissing() {
        ExampleRoute route = new ExampleRoute(new Build(Variant.GOOD, "1.0.0"), null);
        assertEquals(503, route.handle(null).status());
    }

    @Test
    void isAGetUnderTheVendorPrefixForAnyKey() {
        ExampleRoute route = new ExampleRoute(new Build(Variant.GOOD, "1.0.0"), sink);
        assertEquals("GET", route.method());
        assertEquals("/v2/vendor/example", route.path());
        assertEquals(Access.ANY_KEY, route.access());
    }

    @Test
    void theBrokenBuildHasNoRoute() {
        assertThrows(IllegalStateException.class,
                () -> new ExampleRoute(new Build(Variant.FAILS_ACTIVATION, "1.0.1"), sink));
    }
}
