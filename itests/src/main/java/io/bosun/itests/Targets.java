package io.bosun.itests;

import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.VolumeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Targets built in tests: one app, one release, services with compose fields. */
final class Targets {
    private Targets() {
    }

    /** A service that sleeps, stops at once (SIGKILL), with the given compose fields added. */
    static TargetService service(String name, long id, long imageId, String image, Map<String, String> labels,
            Map<String, Object> compose) {
        Map<String, Object> composition = new LinkedHashMap<>();
        composition.put("command", "sleep 3600");
        composition.put("stop_signal", "SIGKILL");
        composition.putAll(compose);
        return new TargetService(name, id, imageId, image, Map.of(), labels, true, Map.of(), composition);
    }

    static TargetService service(String name, long id, long imageId, String image) {
        return service(name, id, imageId, image, Map.of(), Map.of());
    }

    /** The same service with its (effective) environment set, as the codec merges it. */
    static TargetService withEnvironment(TargetService s, Map<String, String> environment) {
        return new TargetService(s.name(), s.id(), s.imageId(), s.image(), environment, s.labels(), s.running(),
                s.contract(), s.composition());
    }

    static TargetState app(String deviceUuid, long appId, String appUuid, String commit, long releaseId,
            List<TargetService> services) {
        return app(deviceUuid, appId, appUuid, commit, releaseId, services, Map.of(), Map.of());
    }

    static TargetState app(String deviceUuid, long appId, String appUuid, String commit, long releaseId,
            List<TargetService> services, Map<String, VolumeConfig> volumes, Map<String, NetworkConfig> networks) {
        Map<String, TargetService> byName = new LinkedHashMap<>();
        services.forEach(s -> byName.put(s.name(), s));
        TargetRelease release = new TargetRelease(commit, releaseId, byName, volumes, networks);
        TargetApp app = new TargetApp(appUuid, appId, "itest-" + appId, AppClass.FLEET, Optional.empty(), false,
                Map.of(commit, release));
        return new TargetState(deviceUuid, "itest-device", Map.of(), Map.of(appUuid, app));
    }

    static TargetState empty(String deviceUuid) {
        return new TargetState(deviceUuid, "itest-device", Map.of(), Map.of());
    }

    /** The same target with device configuration variables. */
    static TargetState withConfig(TargetState t, Map<String, String> config) {
        return new TargetState(t.deviceUuid(), t.name(), config, t.apps());
    }
}
