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
 * @param config its configuration, read back into the model a target service is built into
 * @param exitError the engine's error of its last start or exit (e.g. a port it could not bind), empty if none
 */
public record ContainerView(String id, String name, ServiceIdentity identity, String image, ServiceStatus status,
        Instant createdAt, ServiceConfig config, String exitError) {

    public ContainerView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(config, "config");
        exitError = exitError == null ? "" : exitError;
    }

    /** A container with no exit error. */
    public ContainerView(String id, String name, ServiceIdentity identity, String image, ServiceStatus status,
            Instant createdAt, ServiceConfig config) {
        this(id, name, identity, image, status, createdAt, config, "");
    }

    /** The same container with another status (the supervisor's view while it acts on the container). */
    public ContainerView withStatus(ServiceStatus newStatus) {
        return new ContainerView(id, name, identity, image, newStatus, createdAt, config, exitError);
    }
}
