package io.bosun.itests;

import io.bosun.spi.intake.Offer;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.reconcile.ApplyOptions;
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

    /** Offers a target as the local API does; a refusal fails the test with the intake's reason. */
    static Offer offer(TargetIntake intake, TargetState target, ApplyOptions options) {
        return offer(intake, TargetIntake.LOCAL, target, options);
    }

    static Offer offer(TargetIntake intake, TargetState target) {
        return offer(intake, target, ApplyOptions.DEFAULT);
    }

    /** Offers a target as a source does (the cloud connector, the local API). */
    static Offer offer(TargetIntake intake, String source, TargetState target, ApplyOptions options) {
        Offer offer = intake.offer(source, target, options);
        if (offer.outcome() == Offer.Outcome.REFUSED) {
            throw new AssertionError("the intake refused the target of " + source + ": " + offer.reason());
        }
        return offer;
    }

    /** An image no registry here serves (nothing listens on port 1): its pull fails at once, every time. */
    static final String UNREACHABLE_IMAGE = "127.0.0.1:1/bosun-itest/unreachable:1";

    static TargetState empty(String deviceUuid) {
        return new TargetState(deviceUuid, "itest-device", Map.of(), Map.of());
    }

    /** The same target with device configuration variables. */
    static TargetState withConfig(TargetState t, Map<String, String> config) {
        return new TargetState(t.deviceUuid(), t.name(), config, t.apps());
    }
}
