package io.bosun.cloud;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.support.balena.ImageReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One app of the target as the state report shows it (spec §2.4): its releases by commit, each with its services'
 * image, status and download progress, and the release's {@code update_status}. The target release's services are
 * reported whatever their state (downloading, downloaded, running); a container of another release of the app is
 * reported under its own commit, as balena groups them.
 */
final class ReleaseReport {
    static final String DOWNLOADING = "Downloading";
    static final String DOWNLOADED = "Downloaded";

    private ReleaseReport() {
    }

    /**
     * @param downloads the images being downloaded, with their progress (0 to 100), by target image name
     * @param carriers where the bundles of carrier images stand, by image name (the updater's words)
     * @param currentCommit the commit the app last settled on, if any
     */
    static Map<String, Object> app(TargetApp app, CurrentState engine, Map<String, Integer> downloads,
            Map<String, String> carriers, Optional<String> currentCommit) {
        Map<String, Map<String, Object>> releases = new LinkedHashMap<>();
        Optional<TargetRelease> target = app.release();
        List<ContainerView> containers = engine.containers().stream()
                .filter(c -> c.identity().appId() == app.id()).toList();
        target.ifPresent(release -> {
            Map<String, Object> services = new LinkedHashMap<>();
            release.services().values().forEach(service -> services.put(service.name(),
                    service(service, release.commit(), containers, engine.images(), downloads, carriers)));
            releases.put(release.commit(), services);
        });
        for (ContainerView c : containers) {
            String commit = c.identity().commit();
            if (target.isPresent() && target.get().commit().equals(commit)) {
                continue;
            }
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("image", c.image());
            service.put("status", c.status().wireName());
            releases.computeIfAbsent(commit, k -> new LinkedHashMap<>()).put(c.identity().serviceName(), service);
        }
        Map<String, Object> byCommit = new LinkedHashMap<>();
        releases.forEach((commit, services) -> {
            Map<String, Object> release = new LinkedHashMap<>();
            release.put("update_status", updateStatus(services));
            release.put("services", services);
            byCommit.put(commit, release);
        });
        Map<String, Object> report = new LinkedHashMap<>();
        currentCommit.ifPresent(c -> report.put("release_uuid", c));
        report.put("releases", byCommit);
        return report;
    }

    private static Map<String, Object> service(TargetService service, String commit, List<ContainerView> containers,
            List<ImageView> images, Map<String, Integer> downloads, Map<String, String> carriers) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("image", service.image());
        Optional<ContainerView> container = containers.stream()
                .filter(c -> c.identity().serviceName().equals(service.name()) && c.identity().commit().equals(commit))
                .findFirst();
        Integer progress = downloads.get(service.image());
        if (container.isPresent()) {
            report.put("status", container.get().status().wireName());
        } else if (progress != null) {
            report.put("status", DOWNLOADING);
            report.put("download_progress", progress);
        } else if (onDevice(service.image(), images)) {
            report.put("status", carriers.getOrDefault(service.image(), DOWNLOADED));
        } else {
            report.put("status", DOWNLOADING);
            report.put("download_progress", 0);
        }
        return report;
    }

    private static boolean onDevice(String image, List<ImageView> images) {
        ImageReference reference = ImageReference.parse(image);
        return images.stream().anyMatch(i -> reference.names(i.tags(), i.digests()));
    }

    private static final Set<String> APPLYING = Set.of("installing", "installed", "awaiting handover",
            "installing bundles");

    /** balena's precedence: aborted, downloading, downloaded, applying changes, done. */
    static String updateStatus(Map<String, Object> services) {
        boolean downloading = false;
        boolean downloaded = false;
        boolean applying = false;
        for (Object value : services.values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> service = (Map<String, Object>) value;
            String status = String.valueOf(service.get("status")).toLowerCase(Locale.ROOT);
            if (status.equals("aborted")) {
                return "aborted";
            }
            Object progress = service.get("download_progress");
            downloading |= progress instanceof Number n && n.intValue() != 100;
            downloaded |= status.equals("downloaded");
            applying |= APPLYING.contains(status);
        }
        return downloading ? "downloading" : downloaded ? "downloaded" : applying ? "applying changes" : "done";
    }
}
