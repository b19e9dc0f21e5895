package io.bosun.api;

import static io.bosun.api.RouteFixture.request;
import static io.bosun.api.RouteFixture.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local target on a device that never had one: what the balena CLI reads, then posts back. */
class LocalTargetRoutesTest {
    @TempDir
    Path dir;

    final List<String> namesGiven = new ArrayList<>();

    private Router router() {
        TestServices services = new TestServices();
        services.config = new RouteFixture.Config(dir, dir.resolve("config.json"));
        services.intake = new TestServices.FixedIntake(Optional.empty(), true);
        services.codec = new TargetStateCodec() {
            @Override
            public TargetState readV3(byte[] json, String deviceUuid) {
                throw new UnsupportedOperationException();
            }

            @Override
            public TargetState readV2(byte[] json, String deviceUuid, String currentDeviceName) {
                namesGiven.add(currentDeviceName);
                return new TargetState(deviceUuid, currentDeviceName, Map.of(), Map.of());
            }

            @Override
            public byte[] writeV3(TargetState target) {
                throw new UnsupportedOperationException();
            }
        };
        return new Router(new LocalTargetRoutes(services.build()).routes());
    }

    /** Regression: a fresh device answered {@code {"local":{}}}, which the CLI posted back, and was refused. */
    @Test
    void aFreshDeviceAnswersBalenasDefaultsNamedLocal() throws Exception {
        ApiResponse reply = router().answer(request("GET", "/v2/local/target-state", ""));
        assertEquals(200, reply.status());
        assertEquals("{\"status\":\"success\",\"state\":{\"local\":{\"name\":\"local\",\"config\":{},\"apps\":{}}}}",
                wire(reply));
    }

    /** Regression: {@code local.name: is required} for the CLI's first push, which sends no name. */
    @Test
    void aPostWithoutANameOnAFreshDeviceIsNamedLocal() throws Exception {
        ApiResponse reply = router().answer(request("POST", "/v2/local/target-state", "{\"local\":{\"apps\":{}}}"));
        assertEquals(200, reply.status(), () -> reply.body().toString());
        assertEquals(List.of("local"), namesGiven, "the codec keeps this name when the body has none");
    }
}
