package io.bosun.spi.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * A supervised container as the engine runs it.
 *
 * @param id the engine's container id
 * @param name the container name, without the leading slash
 * @param identity the service it runs, from its labels and name
 * @param image the image the container was created from, as the engine records it
 * @param status its status as the device API reports it
 * @param createdAt when the engine created it
 * @param facts its configuration as the other bundles see it, read back the way a target service's is built
 * @param exitError the engine's error of its last start or exit (e.g. a port it could not bind), empty if none
 */
public record ContainerView(String id, String name, ServiceIdentity identity, String image, ServiceStatus status,
        Instant createdAt, ServiceFacts facts, String exitError) {

    public ContainerView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(facts, "facts");
        exitError = exitError == null ? "" : exitError;
    }

    /** The same container with another status (the supervisor's view while it acts on the container). */
    public ContainerView withStatus(ServiceStatus newStatus) {
        return new ContainerView(id, name, identity, image, newStatus, createdAt, facts, exitError);
    }
}
