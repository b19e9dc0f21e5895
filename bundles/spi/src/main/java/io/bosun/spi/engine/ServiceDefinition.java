package io.bosun.spi.engine;

import io.bosun.spi.target.TargetService;
import java.util.List;
import java.util.Objects;

/**
 * A service ready to become a container, as the engine defined it from a target service whose image is on the
 * device: who it is, the image it was asked with, and what the other bundles see of its configuration. Handed back
 * to {@link ContainerEngine#create}, which makes the container from the service and context it was defined from.
 *
 * @param identity who the container is (its name and labels)
 * @param imageName the image as the target names it (normalised, e.g. {@code repo:latest})
 * @param facts what a container made from it will read back as
 * @param service the target service it was defined from
 * @param context the context it was defined in
 * @param warnings what was asked for but left out, with the reason (an unsupported field, a host path the
 *        device lacks), for the supervisor log
 */
public record ServiceDefinition(ServiceIdentity identity, String imageName, ServiceFacts facts,
        TargetService service, ServiceContext context, List<String> warnings) {

    public ServiceDefinition {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(context, "context");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
