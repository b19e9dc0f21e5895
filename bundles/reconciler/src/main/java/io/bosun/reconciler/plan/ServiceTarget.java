package io.bosun.reconciler.plan;

import io.bosun.spi.bundles.BundleUpdates;
import io.bosun.spi.engine.ServiceDefinition;
import io.bosun.spi.engine.ServiceIdentity;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.target.TargetService;
import io.bosun.support.balena.BalenaLabels;
import io.bosun.support.balena.Truthy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A service of the target as the planner sees it.
 *
 * @param service the service as the target gives it
 * @param identity who its container is (its name and labels)
 * @param image the image record it needs
 * @param definition its full container configuration, known once its image is on the device
 */
public record ServiceTarget(TargetService service, ServiceIdentity identity, ImageRecord image,
        Optional<ServiceDefinition> definition) {

    static final Duration DEFAULT_HANDOVER_TIMEOUT = Duration.ofMinutes(1);

    public ServiceTarget {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(image, "image");
        definition = definition == null ? Optional.empty() : definition;
    }

    /** The target for a service of an app's release, with its definition if its image is on the device. */
    public static ServiceTarget of(long appId, String appUuid, long releaseId, String commit, TargetService service,
            Optional<ServiceDefinition> definition) {
        ServiceIdentity identity = new ServiceIdentity(appId, appUuid, service.name(), service.id(),
                service.imageId(), releaseId, commit);
        ImageRecord image = new ImageRecord(service.image(), appId, appUuid, service.id(), service.name(),
                service.imageId(), releaseId, commit, Optional.empty());
        return new ServiceTarget(service, identity, image, definition);
    }

    public String name() {
        return service.name();
    }

    /**
     * Whether it is a bundle carrier ({@code io.bosun.bundles=1}): its image is pulled for the updater, which
     * reads its jars, and no container is ever made of it.
     */
    public boolean carrier() {
        String value = service.labels().get(BundleUpdates.CARRIER_LABEL);
        return value != null && Truthy.of(value);
    }

    public boolean running() {
        return service.running();
    }

    /** Whether its image is on the device (and so its configuration is known). */
    public boolean ready() {
        return definition.isPresent();
    }

    /**
     * The service's labels as its container will have them: once its image is on the device, the image's labels
     * (a strategy set in the Dockerfile) under the target's, as balena reads them; before, the target's alone.
     */
    public Map<String, String> labels() {
        return definition.map(d -> d.facts().labels()).orElseGet(() -> BalenaLabels.normalise(service.labels()));
    }

    public Strategy strategy() {
        return Strategy.of(labels());
    }

    public Duration handoverTimeout() {
        return BalenaLabels.get(labels(), "update.handover-timeout").flatMap(ServiceTarget::millis)
                .orElse(DEFAULT_HANDOVER_TIMEOUT);
    }

    public boolean requiresReboot() {
        return BalenaLabels.truthy(labels(), "update.requires-reboot");
    }

    public List<String> dependsOn() {
        return Compose.dependsOn(service.composition());
    }

    public Set<String> networks() {
        return Compose.networks(service.composition());
    }

    public Set<String> volumes() {
        return Compose.volumes(service.composition());
    }

    private static Optional<Duration> millis(String value) {
        try {
            long ms = Long.parseLong(value.trim());
            return ms > 0 ? Optional.of(Duration.ofMillis(ms)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
