package io.bosun.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.ServiceFacts;
import io.bosun.spi.engine.ServiceIdentity;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseReportTest {
    private static final String IMAGE = "127.0.0.1:5000/app:2";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Running,Running            | -1,-1 | done",
        "Running,Aborted            | -1,40 | aborted",
        "Running,Downloading        | -1,40 | downloading",
        "Running,Downloading        | -1,100 | done",
        "Downloaded,Running         | -1,-1 | downloaded",
        "Installing,Running         | -1,-1 | applying changes",
        "Awaiting handover,Handing over | -1,-1 | applying changes",
        "exited,Running             | -1,-1 | done"})
    void theReleasesUpdateStatusFollowsBalenasPrecedence(String statuses, String progresses, String expected) {
        Map<String, Object> services = new LinkedHashMap<>();
        String[] s = statuses.split(",");
        String[] p = progresses.split(",");
        for (int i = 0; i < s.length; i++) {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("status", s[i].strip());
            int progress = Integer.parseInt(p[i].strip());
            if (progress >= 0) {
                service.put("download_progress", progress);
            }
            services.put("s" + i, service);
        }
        assertEquals(expected, ReleaseReport.updateStatus(services));
    }

    @Test
    void aServiceIsDownloadingDownloadedThenItsContainersStatusAndTheOldReleaseIsReportedUnderItsCommit() {
        TargetApp app = app();
        ContainerView old = container("one", ServiceStatus.RUNNING);
        CurrentState noImage = new CurrentState(List.of(old), List.of(), List.of(), List.of(), true);
        Map<String, Object> downloading = ReleaseReport.app(app, noImage, Map.of(IMAGE, 40), Map.of(), Optional.of("one"));
        assertEquals("one", downloading.get("release_uuid"));
        assertEquals(Map.of("update_status", "downloading", "services", Map.of("main",
                Map.of("image", IMAGE, "status", "Downloading", "download_progress", 40))), release(downloading, "two"));
        assertEquals("done", release(downloading, "one").get("update_status"));

        CurrentState pulled = new CurrentState(List.of(old), List.of(new ImageView("sha256:2", List.of(IMAGE),
                List.of())), List.of(), List.of(), true);
        assertEquals(Map.of("update_status", "downloaded", "services", Map.of("main",
                Map.of("image", IMAGE, "status", "Downloaded"))), release(ReleaseReport.app(app, pulled, Map.of(), Map.of(),
                        Optional.of("one")), "two"));

        CurrentState running = new CurrentState(List.of(container("two", ServiceStatus.RUNNING)), List.of(),
                List.of(), List.of(), true);
        Map<String, Object> done = ReleaseReport.app(app, running, Map.of(), Map.of(), Optional.of("two"));
        assertEquals(List.of("two"), List.copyOf(((Map<?, ?>) done.get("releases")).keySet()));
        assertEquals("done", release(done, "two").get("update_status"));
    }

    @Test
    void withNothingOfTheServiceOnTheDeviceItIsDownloadingFromZero() {
        Map<String, Object> report = ReleaseReport.app(app(), CurrentState.EMPTY, Map.of(), Map.of(), Optional.empty());
        assertEquals(Map.of("main", Map.of("image", IMAGE, "status", "Downloading", "download_progress", 0)),
                release(report, "two").get("services"));
    }

    @Test
    void aCarriersServiceShowsWhereItsBundlesStandOnceItsImageIsHere() {
        CurrentState pulled = new CurrentState(List.of(), List.of(new ImageView("sha256:2", List.of(IMAGE),
                List.of())), List.of(), List.of(), true);
        Map<String, Object> installing = ReleaseReport.app(app(), pulled, Map.of(),
                Map.of(IMAGE, "Installing bundles"), Optional.empty());
        assertEquals(Map.of("update_status", "applying changes", "services", Map.of("main",
                Map.of("image", IMAGE, "status", "Installing bundles"))), release(installing, "two"));
        Map<String, Object> installed = ReleaseReport.app(app(), pulled, Map.of(),
                Map.of(IMAGE, "Bundles installed"), Optional.empty());
        assertEquals("done", release(installed, "two").get("update_status"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> release(Map<String, Object> app, String commit) {
        return (Map<String, Object>) ((Map<String, Object>) app.get("releases")).get(commit);
    }

    private static TargetApp app() {
        TargetService main = new TargetService("main", 11, 102, IMAGE, Map.of(), Map.of(), true, Map.of(), Map.of());
        TargetRelease release = new TargetRelease("two", 2, Map.of("main", main), Map.of(), Map.of());
        return new TargetApp("fleet", 8801, "fleet", AppClass.FLEET, Optional.empty(), false, Map.of("two", release));
    }

    private static ContainerView container(String commit, ServiceStatus status) {
        ServiceIdentity identity = new ServiceIdentity(8801, "fleet", "main", 11, 101, 1, commit);
        return new ContainerView("c-" + commit, "main_101_1_" + commit, identity, "127.0.0.1:5000/app:1", status,
                Instant.EPOCH, new ServiceFacts("sha256:1", Map.of(), Map.of(), Set.of(), List.of(), ""), "");
    }
}
