package io.bosun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Exit at the first start, one error line after: the decision, with a process exit that only records. */
class BadSettingResponseTest {
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final List<Integer> exits = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    private BadSettingResponse response(boolean firstStart) {
        return new BadSettingResponse(firstStart, new PrintStream(console, true, StandardCharsets.UTF_8), exits::add,
                errors::add);
    }

    private static InvalidSettingException badPort() {
        return new InvalidSettingException("BOSUN_API_PORT", "'abc' is not a port number");
    }

    @Test
    void theFirstStartStopsTheProcessWithOneLineAndExConfig() {
        response(true).to(badPort());
        assertEquals(List.of(78), exits);
        assertEquals("bosun: cannot start: BOSUN_API_PORT: 'abc' is not a port number\n",
                console.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), errors);
    }

    /**
     * Regression: System.exit on re-activation. An update or restart of the config bundle that met a bad setting (a
     * config.json broken since start) stopped the whole supervisor.
     */
    @Test
    void aBadSettingWhenTheBundleStartsAgainNoLongerStopsTheProcess() {
        response(false).to(badPort());
        assertEquals(List.of(), exits);
        assertEquals("", console.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("The config bundle started again with a bad setting; the published configurations stay "
                + "as they are: BOSUN_API_PORT: 'abc' is not a port number"), errors);
    }

    @Test
    void onlyTheFirstStartOfTheProcessIsTheFirst() {
        Properties system = new Properties();
        assertTrue(BadSettingResponse.claimFirstStart(system));
        assertFalse(BadSettingResponse.claimFirstStart(system), "an update or restart of the bundle");
        assertFalse(BadSettingResponse.claimFirstStart(system));
        assertEquals("true", system.getProperty(BadSettingResponse.STARTED_PROPERTY));
    }
}
