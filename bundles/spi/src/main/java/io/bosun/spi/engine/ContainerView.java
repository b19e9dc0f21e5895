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
 */
public record ContainerView(String id, String name, ServiceIdentity identity, String image, ServiceStatus status,
        Instant createdAt, ServiceConfig config) {

    public ContainerView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(config, "config");
    }
}
