package io.bosun.spi.engine;

import java.time.Instant;
import java.util.Map;

/**
 * A supervised container, as its labels and name describe it.
 *
 * @param id the engine's container id
 * @param name the container name ({@code <service>_<imageId>_<releaseId>_<commit>})
 * @param appId the app id label
 * @param appUuid the app uuid label
 * @param serviceName the service name label
 * @param serviceId the service id label
 * @param imageId the numeric image id from the name
 * @param releaseId the release id from the name
 * @param commit the commit from the name
 * @param image the engine image id the container runs
 * @param status the supervisor status
 * @param createdAt when the container was created
 * @param labels every label of the container
 */
public record ContainerView(String id, String name, long appId, String appUuid, String serviceName, long serviceId,
        long imageId, long releaseId, String commit, String image, ServiceStatus status, Instant createdAt,
        Map<String, String> labels) {
    public ContainerView {
        labels = Map.copyOf(labels);
    }
}
