package io.bosun.api;

import static io.bosun.api.Fixtures.app;
import static io.bosun.api.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.engine.VolumeView;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.VolumeConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code /v2/cleanup-volumes} removes: unused supervised volumes of the caller's apps only. */
class OrphanVolumesTest {
    private static VolumeView volume(long appId, String name) {
        return new VolumeView(appId + "_" + name, appId, Long.toString(appId), name,
                new VolumeConfig(null, Map.of(), Map.of()));
    }

    private final TargetState target = Fixtures.target(app(1, "one", "c", List.of(service("main", 11)),
            List.of("data")));
    private final ContainerView mounting = Fixtures.container("c9", 9, "other", 91, "x", ServiceStatus.EXITED,
            Instant.EPOCH, Fixtures.facts("sha256:other", Map.of(),
                    List.of("9_cache:/cache:ro", "/host/dir:/dir", "/anon")));

    private static List<String> names(List<VolumeView> volumes) {
        return volumes.stream().map(VolumeView::engineName).toList();
    }

    @Test
    void volumesTheTargetDeclaresOrAContainerMountsStayAndTheRestGo() {
        List<VolumeView> volumes = List.of(volume(1, "data"), volume(1, "dropped"), volume(5, "gone"),
                volume(9, "cache"));

        assertEquals(List.of("1_dropped", "5_gone"),
                names(OrphanVolumes.select(volumes, List.of(mounting), List.of(target), id -> true)));
    }

    @Test
    void aScopedCallerCleansItsOwnAppOnly() {
        List<VolumeView> volumes = List.of(volume(1, "dropped"), volume(5, "gone"));

        assertEquals(List.of("5_gone"), names(OrphanVolumes.select(volumes, List.of(), List.of(target),
                id -> id == 5)));
    }

    /** Regression: in local mode the cloud's apps are not in the local target, yet their volumes are kept. */
    @Test
    void theVolumesOfEveryKeptTargetStay() {
        TargetState cloud = Fixtures.target(app(5, "cloud", "c", List.of(service("main", 51)), List.of("gone")));
        assertEquals(List.of("1_dropped"), names(OrphanVolumes.select(List.of(volume(1, "dropped"),
                volume(5, "gone")), List.of(), List.of(target, cloud), id -> true)));
    }

    @Test
    void withoutAStoredTargetEveryUnmountedVolumeIsAnOrphan() {
        assertEquals(List.of("1_data"), names(OrphanVolumes.select(List.of(volume(1, "data"), volume(9, "cache")),
                List.of(mounting), List.of(), id -> true)));
    }
}
