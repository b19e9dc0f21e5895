package io.bosun.spi.store;

import java.util.Objects;
import java.util.Optional;

/**
 * An image the supervisor manages: the name the target asked for, the app and service it is for, and the
 * engine's id for it once it is on the device.
 */
public record ImageRecord(String name, long appId, String appUuid, long serviceId, String serviceName, long imageId,
        long releaseId, String commit, Optional<String> dockerImageId) {

    public ImageRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(appUuid, "appUuid");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(commit, "commit");
        dockerImageId = dockerImageId == null ? Optional.empty() : dockerImageId;
    }
}
