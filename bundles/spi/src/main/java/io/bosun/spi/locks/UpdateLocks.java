package io.bosun.spi.locks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The update locks of apps: {@code updates.lock} and {@code resin-updates.lock} in each service's lock folder. The
 * folders' layout on the host is this service's alone: others ask it for a service's folder.
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

    /**
     * Takes the supervisor's locks for every service of an app that has a lock folder (API actions and reboots,
     * which act on whatever the app runs). An app without lock folders gets empty held locks.
     *
     * @see #lock(long, Collection, boolean, Duration)
     */
    HeldLocks lockExisting(long appId, boolean force, Duration maxWait) throws UpdatesLockedException;

    /** Whether supervisor-owned lock files of the app are left over (e.g. from before a restart). */
    boolean hasLeftoverLocks(long appId);

    /**
     * Removes the supervisor-owned lock files of an app that no held lock accounts for (left over after a crash),
     * leaving the app's own lock files alone.
     *
     * @return false, touching nothing, when another supervisor operation holds the app's locks
     */
    boolean releaseLeftovers(long appId);

    /** The lock files the app's services hold now (not the supervisor's), by service name then file name. */
    List<UserLock> userLocks(long appId);

    /**
     * Takes the supervisor's locks of every app that has lock folders, in app id order (device-wide actions:
     * reboot, shutdown, host configuration); on a failure, those already taken are released.
     *
     * @see #lockExisting(long, boolean, Duration)
     */
    HeldLocks lockAll(boolean force, Duration maxWait) throws UpdatesLockedException;

    /**
     * A service's lock folder on the host, created (open to every uid) if it is not there yet: what its container
     * mounts at {@code /tmp/balena} and {@code /tmp/resin}.
     */
    Path serviceFolder(long appId, String serviceName) throws IOException;

    /**
     * Whether the new container of a hand-over has said it took over ({@code handover-complete}, or the legacy
     * {@code resin-kill-me}, in its lock folder); the file is removed when found, so each signal counts once.
     */
    boolean takeHandoverSignal(long appId, String serviceName) throws IOException;
}
