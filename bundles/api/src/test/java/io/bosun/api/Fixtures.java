package io.bosun.api;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.ServiceFacts;
import io.bosun.spi.engine.ServiceIdentity;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.VolumeConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Containers and targets as the spi records them, for the pure shaping code. */
final class Fixtures {
    private Fixtures() {
    }

    static ContainerView container(String id, long appId, String service, long imageId, String commit,
            ServiceStatus status) {
        return container(id, appId, service, imageId, commit, status, Instant.parse("2026-01-01T00:00:00Z"),
                facts("sha256:" + service, Map.of(), List.of()));
    }

    static ContainerView container(String id, long appId, String service, long imageId, String commit,
            ServiceStatus status, Instant createdAt, ServiceFacts facts) {
        ServiceIdentity identity = new ServiceIdentity(appId, Long.toString(appId), service, imageId * 10, imageId,
                releaseOf(commit), commit);
        return new ContainerView(id, identity.containerName(), identity, facts.imageId(), status, createdAt, facts,
                "");
    }

    /** What a container shows of its configuration: image id, environment, mounts. */
    static ServiceFacts facts(String imageId, Map<String, String> environment, List<String> mounts) {
        return new ServiceFacts(imageId, Map.of(), environment, java.util.Set.of(), mounts,
                imageId + environment + mounts);
    }

    /** Each commit of these tests has a release id of its own. */
    static long releaseOf(String commit) {
        return commit.length();
    }

    static TargetService service(String name, long imageId) {
        return new TargetService(name, imageId * 10, imageId, "registry/" + name + ":latest", Map.of(), Map.of(),
                true, Map.of(), Map.of());
    }

    static TargetApp app(long appId, String name, String commit, List<TargetService> services,
            List<String> volumes) {
        Map<String, TargetService> byName = new LinkedHashMap<>();
        services.forEach(s -> byName.put(s.name(), s));
        Map<String, VolumeConfig> volumeConfigs = new LinkedHashMap<>();
        volumes.forEach(v -> volumeConfigs.put(v, new VolumeConfig(null, Map.of(), Map.of())));
        TargetRelease release = new TargetRelease(commit, releaseOf(commit), byName, volumeConfigs, Map.of());
        return new TargetApp(Long.toString(appId), appId, name, AppClass.FLEET, Optional.empty(), false,
                Map.of(commit, release));
    }

    static TargetState target(TargetApp... apps) {
        Map<String, TargetApp> byUuid = new LinkedHashMap<>();
        for (TargetApp app : apps) {
            byUuid.put(app.uuid(), app);
        }
        return new TargetState("device", "device-name", Map.of(), byUuid);
    }
}
