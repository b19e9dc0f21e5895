package io.bosun.spi.engine;

import java.util.Objects;

/**
 * Which service of which app and release a container runs: what balena encodes in the container's labels and
 * name.
 */
public record ServiceIdentity(long appId, String appUuid, String serviceName, long serviceId, long imageId,
        long releaseId, String commit) {

    public ServiceIdentity {
        Objects.requireNonNull(appUuid, "appUuid");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(commit, "commit");
    }

    /** The engine name of the container: {@code <serviceName>_<imageId>_<releaseId>_<commit>}. */
    public String containerName() {
        return serviceName + "_" + imageId + "_" + releaseId + "_" + commit;
    }
}
