package io.bosun.spi.target;

import java.util.Map;
import java.util.Objects;

/**
 * One service of a release.
 *
 * @param name the service name (the key in {@code services})
 * @param id the numeric service id
 * @param imageId the numeric image id
 * @param image the image reference, normalised ({@code :latest} added when there is no tag; a digest drops the tag)
 * @param environment the effective environment: {@code composition.environment} (map or {@code KEY=value} list
 *        form) overridden by the top-level map; it therefore holds every key of {@code composition.environment}
 * @param labels the effective labels: {@code composition.labels} overridden by the top-level map, likewise
 * @param running whether the service should run (default {@code true})
 * @param contract the service contract, as sent (empty when absent)
 * @param composition the docker-compose fields as sent (snake_case keys, JSON values: String, Boolean, List, Map,
 *        null, and numbers as Long or Double, or BigInteger/BigDecimal when they do not fit), kept whole so that
 *        nothing the cloud sent is lost
 */
public record TargetService(String name, long id, long imageId, String image, Map<String, String> environment,
        Map<String, String> labels, boolean running, Map<String, Object> contract, Map<String, Object> composition) {
    public TargetService {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        environment = Maps.copy(environment);
        labels = Maps.copy(labels);
        contract = Maps.copyJson(contract);
        composition = Maps.copyJson(composition);
    }
}
