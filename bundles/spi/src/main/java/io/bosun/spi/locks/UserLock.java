package io.bosun.spi.locks;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A lock file an app holds (any owner but the supervisor's uid): while it exists, the service is not killed,
 * stopped or restarted for an update.
 *
 * @param appId the app
 * @param serviceName the service whose lock folder holds the file
 * @param file the lock file on the host ({@code updates.lock} or {@code resin-updates.lock})
 * @param ownerUid the uid owning the file
 * @param since when the file was last modified
 */
public record UserLock(long appId, String serviceName, Path file, int ownerUid, Instant since) {
    public UserLock {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(since, "since");
    }
}
