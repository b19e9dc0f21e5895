package io.bosun.spi.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service ready to become a container: who it is, the image it was asked with, its full configuration and the
 * values set only when the container is created.
 *
 * @param imageName the image as the target names it (normalised, e.g. {@code repo:latest})
 * @param config the configuration; equal to {@link ContainerView#config()} of a container made from it
 * @param environmentAtCreate variables set at creation but never compared (the device name at init)
 * @param warnings what was asked for but left out, with the reason (an unsupported field, a host path the
 *        device lacks), for the supervisor log
 */
public record ServiceDefinition(ServiceIdentity identity, String imageName, ServiceConfig config,
        Map<String, String> environmentAtCreate, List<String> warnings) {

    public ServiceDefinition {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(config, "config");
        environmentAtCreate = environmentAtCreate == null ? Map.of() : Map.copyOf(environmentAtCreate);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
