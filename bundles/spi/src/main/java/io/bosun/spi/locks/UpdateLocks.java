package io.bosun.spi.locks;

import java.time.Duration;
import java.util.Collection;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The update locks of apps: {@code updates.lock} and {@code resin-updates.lock} in each service's lock folder.
 */
@ProviderType
public interface UpdateLocks {

    /**
     * Takes the supervisor's locks for the given services of an app.
     *
     * @param appId the app
     * @param services the services to lock
     * @param force whether to take over locks that apps hold
     * @param maxWait how long to wait for another supervisor operation on the same app
     * @return the held locks; closing releases them
     * @throws UpdatesLockedException when an app holds a lock (and not {@code force}) or the wait ran out
     */
    HeldLocks lock(long appId, Collection<String> services, boolean force, Duration maxWait)
            throws UpdatesLockedException;

    /** Whether supervisor-owned lock files of the app are left over (e.g. from before a restart). */
    boolean hasLeftoverLocks(long appId);
}
