package io.bosun.spi.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the supervisor's other bundles need to know of a service's container configuration; the configuration
 * itself (every compose field, in the engine's terms) stays the engine bundle's, so that a new compose field never
 * changes this contract. The engine builds the facts the same way from a target service and from a container, so
 * "the container is as the target wants it" is {@code digest} equality.
 *
 * @param imageId the engine's image id
 * @param labels the container's labels (image, service and supervisor labels), {@code io.resin.*} read as
 *        {@code io.balena.*}
 * @param environment the container's environment (image, injected and service variables)
 * @param networks the engine networks the container joins, by engine name (its network mode included when it is an
 *        app network)
 * @param mounts its volumes and binds as {@code source:target[:mode]}, anonymous ones as the path, sorted
 * @param digest a digest of the whole configuration: equal digests, equal configurations
 */
public record ServiceFacts(String imageId, Map<String, String> labels, Map<String, String> environment,
        Set<String> networks, List<String> mounts, String digest) {

    public ServiceFacts {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(digest, "digest");
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        environment = environment == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(environment));
        networks = networks == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(networks));
        mounts = mounts == null ? List.of() : mounts.stream().sorted().toList();
    }
}
