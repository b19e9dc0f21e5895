package io.bosun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.keys.KeyHolder;
import io.bosun.spi.reconcile.AppPhase;
import io.bosun.spi.reconcile.AppReport;
import io.bosun.spi.reconcile.ApplyStatus;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a caller sees of the reconciler's progress: the device for the global key, its own app for a scoped one. */
class CallerProgressTest {
    @TempDir
    Path dir;

    static final ApplyStatus DEVICE = new ApplyStatus(true, 2, Optional.of("pull failed"));
    final Reconciler reconciler = (Reconciler) Proxy.newProxyInstance(Reconciler.class.getClassLoader(),
            new Class<?>[] {Reconciler.class}, (proxy, method, args) -> switch (method.getName()) {
                case "status" -> DEVICE;
                case "apps" -> List.of(new AppReport(111, "a111", AppPhase.SETTLED, Optional.empty(), List.of()),
                        new AppReport(222, "a222", AppPhase.DOWNLOADING, Optional.empty(), List.of()));
                case "downloads" -> Map.of("img-111", 10, "img-222", 40);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private static TargetApp app(long id) {
        TargetService main = new TargetService("main", 1, id, "img-" + id, Map.of(), Map.of(), true, Map.of(),
                Map.of());
        return new TargetApp("a" + id, id, "app" + id, AppClass.FLEET, Optional.empty(), false,
                Map.of("c" + id, new TargetRelease("c" + id, 1, Map.of("main", main), Map.of(), Map.of())));
    }

    private CallerProgress progress() {
        TargetState target = new TargetState(RouteFixture.UUID, "d", Map.of(), Map.of("a111", app(111),
                "a222", app(222)));
        TestServices services = new TestServices();
        services.config = new RouteFixture.Config(dir, dir.resolve("config.json"));
        services.intake = new TestServices.FixedIntake(Optional.of(target), false);
        return new CallerProgress(services.build());
    }

    private static Call call(KeyHolder caller) {
        return new Call(RouteFixture.request("GET", "/v2/state/status", ""), Map.of(), caller);
    }

    @Test
    void theGlobalKeySeesTheWholeDevice() throws Exception {
        assertEquals(DEVICE, progress().status(call(KeyHolder.DEVICE), reconciler));
        assertEquals(Map.of("img-111", 10, "img-222", 40), progress().downloads(call(KeyHolder.DEVICE), reconciler));
    }

    @Test
    void aScopedKeySeesItsOwnApp() throws Exception {
        KeyHolder settledApp = new KeyHolder(false, 111, Optional.of("main"));
        assertEquals(new ApplyStatus(false, 0, Optional.empty()), progress().status(call(settledApp), reconciler),
                "app 111 is settled though the device applies and fails on another app");
        assertEquals(Map.of("img-111", 10), progress().downloads(call(settledApp), reconciler));

        KeyHolder downloadingApp = new KeyHolder(false, 222, Optional.empty());
        assertEquals(DEVICE, progress().status(call(downloadingApp), reconciler));
        assertEquals(Map.of("img-222", 40), progress().downloads(call(downloadingApp), reconciler));
    }
}
