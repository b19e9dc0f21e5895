package io.bosun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.ServiceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/apps/:appId}'s body (spec §5.2, case 51). */
class LegacyAppTest {
    private final ContainerView container = Fixtures.container("c1", 1, "server", 11, "deadbeef",
            ServiceStatus.RUNNING, Instant.EPOCH, Fixtures.facts("sha256:0eb4",
                    Map.of("BALENA_APP_ID", "1", "BALENA_SERVICE_NAME", "server",
                            "BALENA_SUPERVISOR_API_KEY", "secret", "RESIN_SUPERVISOR_API_KEY", "secret",
                            "BALENA_API_KEY", "cloud", "RESIN_API_KEY", "cloud", "MINE", "x"), List.of()));

    @Test
    void theEnvironmentLosesTheKeysAndKeepsTheRest() {
        assertEquals(Map.of("BALENA_APP_ID", "1", "BALENA_SERVICE_NAME", "server", "MINE", "x"),
                LegacyApp.publicEnv(container.facts().environment()));
    }

    @Test
    void theFieldsComeInBalenasOrderWithTheEngineImageId() {
        Map<String, Object> info = LegacyApp.info(1, Optional.of("deadbeef"), container);
        assertEquals(List.of("appId", "commit", "containerId", "env", "imageId", "releaseId"),
                List.copyOf(info.keySet()));
        assertEquals(1L, info.get("appId"));
        assertEquals("c1", info.get("containerId"));
        assertEquals("sha256:0eb4", info.get("imageId"));
        assertEquals(Fixtures.releaseOf("deadbeef"), info.get("releaseId"));
    }

    @Test
    void anAppThatSettledOnNoCommitYetHasNoCommitField() {
        assertEquals(List.of("appId", "containerId", "env", "imageId", "releaseId"),
                List.copyOf(LegacyApp.info(1, Optional.empty(), container).keySet()));
    }
}
