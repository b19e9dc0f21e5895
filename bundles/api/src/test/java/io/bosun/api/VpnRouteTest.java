package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import static io.bosun.api.HostFixture.request;
import static io.bosun.api.HostFixture.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.target.TargetState;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v2/device/vpn}: the target's VPN control and the VPN client's status file (spec §5.2). */
class VpnRouteTest {
    @TempDir
    Path dir;

    Map<String, String> config = Map.of();

    private String vpn() throws Exception {
        TestServices services = new TestServices();
        services.config = new HostFixture.Config(dir, dir.resolve("config.json"));
        services.intake = new TestServices.FixedIntake(Optional.of(new TargetState(HostFixture.UUID, "d", config,
                Map.of())), false);
        ApiResponse reply = new Router(new DeviceRoutes(services.build(), dir.resolve("vpn_status")).routes())
                .answer(request("GET", "/v2/device/vpn", ""));
        assertEquals(200, reply.status());
        return wire(reply);
    }

    @Test
    void theVpnIsEnabledByDefaultAndConnectedWhenItsClientSaysSo() throws Exception {
        assertEquals("{\"status\":\"success\",\"vpn\":{\"enabled\":true,\"connected\":false}}", vpn());
        Files.createDirectories(dir.resolve("vpn_status"));
        Files.writeString(dir.resolve("vpn_status/active"), "");
        assertEquals("{\"status\":\"success\",\"vpn\":{\"enabled\":true,\"connected\":true}}", vpn());
    }

    @Test
    void theTargetCanTurnTheVpnOff() throws Exception {
        config = Map.of("BALENA_SUPERVISOR_VPN_CONTROL", "false");
        assertEquals("{\"status\":\"success\",\"vpn\":{\"enabled\":false,\"connected\":false}}", vpn());
    }
}
