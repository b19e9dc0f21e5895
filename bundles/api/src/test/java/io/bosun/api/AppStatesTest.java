package io.bosun.api;

import static io.bosun.api.Fixtures.app;
import static io.bosun.api.Fixtures.container;
import static io.bosun.api.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.engine.ServiceFacts;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.reconcile.AppPhase;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.target.TargetState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shapes of {@code /v2/applications/state} and {@code /v2/applications/:appId/state}. */
class AppStatesTest {
    private static final String COMMIT = "newcommit";

    private final TargetState target = Fixtures.target(
            app(1, "one", COMMIT, List.of(service("main", 11), service("side", 12)), List.of()),
            app(2, "two", "other", List.of(service("web", 21)), List.of()));

    private static ImageRecord record(long appId, String service, long imageId, String commit, boolean pulled) {
        return new ImageRecord("registry/" + service + ":latest", appId, Long.toString(appId), imageId * 10,
                service, imageId, Fixtures.releaseOf(commit), commit,
                pulled ? Optional.of("sha256:" + service) : Optional.empty());
    }

    @Test
    void eachVisibleTargetAppIsReportedByNameWithItsServices() throws Exception {
        AppStates.Device device = new AppStates.Device(
                List.of(container("c1", 1, "main", 11, COMMIT, ServiceStatus.RUNNING)),
                List.of(record(1, "main", 11, COMMIT, true), record(1, "side", 12, COMMIT, true)), Map.of());

        Map<String, Object> body = AppStates.applications(Optional.of(target), device,
                Map.of(1L, AppPhase.APPLYING), id -> id == 1);

        assertEquals("{\"one\":{\"appId\":1,\"appUuid\":\"1\",\"commit\":\"newcommit\","
                + "\"updateStatus\":\"downloaded\",\"services\":{"
                + "\"main\":{\"status\":\"Running\",\"image\":\"registry/main:latest\",\"downloadProgress\":null,"
                + "\"releaseId\":9},"
                + "\"side\":{\"status\":\"Downloaded\",\"image\":\"registry/side:latest\",\"downloadProgress\":null,"
                + "\"releaseId\":9}}}}", Json.MAPPER.writeValueAsString(body));
    }

    @Test
    void aServiceWhoseImageIsComingIsDownloadingWithItsProgressOrZeroBeforeItStarts() {
        AppStates.Device device = new AppStates.Device(List.of(), List.of(),
                Map.of("registry/main:latest", 40));

        Map<?, ?> app = (Map<?, ?>) AppStates.applications(Optional.of(target), device, Map.of(), id -> true)
                .get("one");
        Map<?, ?> services = (Map<?, ?>) app.get("services");

        assertEquals("downloading", app.get("updateStatus"));
        assertEquals(40, ((Map<?, ?>) services.get("main")).get("downloadProgress"));
        assertEquals("Downloading", ((Map<?, ?>) services.get("side")).get("status"));
        assertEquals(0, ((Map<?, ?>) services.get("side")).get("downloadProgress"));
    }

    @Test
    void theUpdateStatusFollowsBalenasPrecedenceAndTheReconcilersPhase() {
        Optional<AppPhase> none = Optional.empty();
        assertEquals("done", AppStates.updateStatus(Optional.of(AppPhase.SETTLED), List.of("Running")));
        assertEquals("done", AppStates.updateStatus(none, List.of("exited")));
        assertEquals("downloading", AppStates.updateStatus(none, List.of("Running", "Downloading", "Downloaded")));
        assertEquals("downloading", AppStates.updateStatus(Optional.of(AppPhase.DOWNLOADING), List.of("Running")));
        assertEquals("downloaded", AppStates.updateStatus(Optional.of(AppPhase.LOCKED), List.of("Downloaded")));
        assertEquals("applying changes", AppStates.updateStatus(none, List.of("Running", "Installing")));
        assertEquals("applying changes", AppStates.updateStatus(Optional.of(AppPhase.APPLYING), List.of("Running")));
        assertEquals("applying changes", AppStates.updateStatus(Optional.of(AppPhase.LOCKED), List.of("Running")));
    }

    @Test
    void theLegacyViewIsByImageIdInAscendingOrderWithImagesAndDownloads() throws Exception {
        AppStates.Device device = new AppStates.Device(
                List.of(container("c1", 1, "side", 12, "oldcommit", ServiceStatus.EXITED)),
                List.of(record(1, "main", 11, "oldcommit", true), record(2, "web", 21, "other", true)),
                Map.of("registry/main:latest", 50, "registry/other:latest", 10));

        Optional<Map<String, Object>> services = AppStates.legacyServices(1, target.apps().get("1").release(),
                device);

        assertEquals("{\"11\":{\"status\":\"Downloading\",\"releaseId\":9,\"download_progress\":50},"
                + "\"12\":{\"status\":\"exited\",\"releaseId\":9,\"download_progress\":null}}",
                Json.MAPPER.writeValueAsString(services.orElseThrow()));
    }

    @Test
    void twoContainersOfOneImageAreAHandOverWithTheOlderRelease() {
        ServiceFacts config = Fixtures.facts("sha256:main", Map.of(), List.of());
        AppStates.Device device = new AppStates.Device(List.of(
                container("new", 1, "main", 11, "newcommit", ServiceStatus.RUNNING, Instant.ofEpochSecond(20), config),
                container("old", 1, "main", 11, "old", ServiceStatus.RUNNING, Instant.ofEpochSecond(10), config)),
                List.of(), Map.of());

        Map<?, ?> entry = (Map<?, ?>) AppStates.legacyServices(1, Optional.empty(), device).orElseThrow().get("11");

        assertEquals("Handing over", entry.get("status"));
        assertEquals(Fixtures.releaseOf("old"), entry.get("releaseId"));
    }

    @Test
    void anAppTheDeviceHasNothingOfHasNoLegacyState() {
        assertEquals(Optional.empty(), AppStates.legacyServices(3, Optional.empty(),
                new AppStates.Device(List.of(), List.of(), Map.of())));
    }
}
