package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.reconcile.AppPhase;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * The two app state shapes of the v2 API, built from what the device runs (containers), holds (image records)
 * and downloads, and what the stored target asks for. No I/O: the routes read, this shapes.
 */
final class AppStates {
    static final String DOWNLOADING = "Downloading";
    static final String DOWNLOADED = "Downloaded";

    private AppStates() {
    }

    /** What the device has now, as the state routes read it. */
    record Device(List<ContainerView> containers, List<ImageRecord> images, Map<String, Integer> downloads) {
    }

    /**
     * {@code GET /v2/applications/state}: each target app the caller may see, by name, with the services of its
     * target release.
     */
    static Map<String, Object> applications(Optional<TargetState> target, Device device,
            Map<Long, AppPhase> phases, LongPredicate visible) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (TargetApp app : target.map(t -> t.apps().values()).orElse(List.of())) {
            if (!visible.test(app.id())) {
                continue;
            }
            Optional<TargetRelease> release = app.release();
            Map<String, Object> services = new LinkedHashMap<>();
            List<String> statuses = new ArrayList<>();
            release.ifPresent(r -> r.services().values().forEach(s -> {
                ServiceState state = serviceState(app.id(), r.commit(), s, device);
                statuses.add(state.status());
                services.put(s.name(), ApiResponse.fields("status", state.status(), "image", s.image(),
                        "downloadProgress", state.progress(), "releaseId", r.id()));
            }));
            body.put(app.name(), ApiResponse.fields("appId", app.id(), "appUuid", app.uuid(),
                    "commit", release.map(TargetRelease::commit).orElse(null),
                    "updateStatus", updateStatus(Optional.ofNullable(phases.get(app.id())), statuses),
                    "services", services));
        }
        return body;
    }

    private record ServiceState(String status, Integer progress) {
    }

    /**
     * A target service's status: its container's for the target release; else its image's (downloading, or
     * downloaded and waiting for its container); else, as balena reports a target image not yet asked for,
     * downloading at 0 %.
     */
    private static ServiceState serviceState(long appId, String commit, TargetService service, Device device) {
        Integer progress = device.downloads().get(service.image());
        Optional<ContainerView> container = device.containers().stream()
                .filter(c -> c.identity().appId() == appId && c.identity().commit().equals(commit)
                        && c.identity().serviceName().equals(service.name()))
                .findFirst();
        if (container.isPresent()) {
            return new ServiceState(container.get().status().wireName(), progress);
        }
        if (progress != null) {
            return new ServiceState(DOWNLOADING, progress);
        }
        boolean onDevice = device.images().stream()
                .anyMatch(i -> i.name().equals(service.image()) && i.dockerImageId().isPresent());
        return onDevice ? new ServiceState(DOWNLOADED, null) : new ServiceState(DOWNLOADING, 0);
    }

    /**
     * balena's precedence of update statuses (aborted, downloading, downloaded, applying changes, done), read
     * from the services' statuses and the reconciler's phase for the app, which tells what statuses cannot (e.g.
     * a container being recreated with the same release). Bosun never aborts a download (a failed pull is
     * retried), so {@code aborted} is not reported.
     */
    static String updateStatus(Optional<AppPhase> phase, List<String> serviceStatuses) {
        if (serviceStatuses.contains(DOWNLOADING) || phase.equals(Optional.of(AppPhase.DOWNLOADING))) {
            return "downloading";
        }
        if (serviceStatuses.contains(DOWNLOADED)) {
            // The images are here and the containers are not yet: a locked app waits here.
            return "downloaded";
        }
        boolean changing = serviceStatuses.stream()
                .anyMatch(s -> List.of("installing", "installed", "awaiting handover").contains(s.toLowerCase()));
        if (changing || phase.equals(Optional.of(AppPhase.APPLYING)) || phase.equals(Optional.of(AppPhase.LOCKED))) {
            return "applying changes";
        }
        return "done";
    }

    /**
     * {@code GET /v2/applications/:appId/state}: the app's services by image id, from its containers (two
     * containers of one image are a hand-over: {@code Handing over}, with the older one's release), then its
     * images and the target's images being downloaded. Empty when the device has nothing of the app.
     */
    static Optional<Map<String, Object>> legacyServices(long appId, Optional<TargetRelease> release,
            Device device) {
        Map<Long, Map<String, Object>> byImage = new TreeMap<>();
        device.containers().stream().filter(c -> c.identity().appId() == appId)
                .sorted(Comparator.comparing(ContainerView::createdAt))
                .forEach(c -> byImage.merge(c.identity().imageId(),
                        ApiResponse.fields("status", c.status().wireName(), "releaseId", c.identity().releaseId(),
                                "download_progress", null),
                        (older, newer) -> {
                            older.put("status", "Handing over");
                            return older;
                        }));
        device.images().stream().filter(i -> i.appId() == appId).forEach(i -> byImage.putIfAbsent(i.imageId(),
                ApiResponse.fields("status", device.downloads().containsKey(i.name()) ? DOWNLOADING : DOWNLOADED,
                        "releaseId", i.releaseId(), "download_progress", device.downloads().get(i.name()))));
        release.ifPresent(r -> r.services().values().stream().filter(s -> device.downloads().containsKey(s.image()))
                .forEach(s -> byImage.putIfAbsent(s.imageId(), ApiResponse.fields("status", DOWNLOADING,
                        "releaseId", r.id(), "download_progress", device.downloads().get(s.image())))));
        if (byImage.isEmpty()) {
            return Optional.empty();
        }
        // Ascending image ids, as balena's JavaScript object orders integer keys.
        Map<String, Object> services = new LinkedHashMap<>();
        byImage.forEach((imageId, entry) -> services.put(Long.toString(imageId), entry));
        return Optional.of(services);
    }
}
