package io.bosun.spi.reconcile;

import io.bosun.spi.locks.UserLock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One app as the reconciler sees it.
 *
 * @param appId the app id
 * @param appUuid the app uuid
 * @param phase where it stands
 * @param waitingFor why it is not settled, in words an operator reads (e.g. the lock error), if it is not
 * @param orphanedLocks lock files held for services whose containers have all exited, so no process of the app
 *        can release them: the update waits on them until they are removed or the update is forced
 */
public record AppReport(long appId, String appUuid, AppPhase phase, Optional<String> waitingFor,
        List<UserLock> orphanedLocks) {
    public AppReport {
        Objects.requireNonNull(appUuid, "appUuid");
        Objects.requireNonNull(phase, "phase");
        waitingFor = waitingFor == null ? Optional.empty() : waitingFor;
        orphanedLocks = orphanedLocks == null ? List.of() : List.copyOf(orphanedLocks);
    }
}
