package io.bosun.reconciler;

import java.util.OptionalLong;

/**
 * How one run applies its target.
 *
 * @param force take over app-held locks (asked per request)
 * @param keepImages keep images nothing uses any more
 * @param keepVolumes keep the volumes of apps that go
 * @param forceOnly the one app {@code force} is for (an action on one app must not force the others' locks)
 * @param purged the one app whose volumes go with it even when volumes are kept (a purge)
 */
record RunOptions(boolean force, boolean keepImages, boolean keepVolumes, OptionalLong forceOnly,
        OptionalLong purged) {

    RunOptions(boolean force, boolean keepImages, boolean keepVolumes) {
        this(force, keepImages, keepVolumes, OptionalLong.empty(), OptionalLong.empty());
    }

    /** A device-wide apply: local mode keeps images and volumes (the cloud's apps come back when it ends). */
    static RunOptions device(boolean force, boolean localMode) {
        return new RunOptions(force, localMode, localMode);
    }

    /** Options of an action on one app: its force reaches that app's locks only. */
    static RunOptions forApp(long appId, boolean force, boolean keepImages, boolean keepVolumes) {
        return new RunOptions(force, keepImages, keepVolumes, OptionalLong.of(appId), OptionalLong.empty());
    }

    /** A purge of one app: its volumes go, the other apps' volumes follow the device's rule. */
    static RunOptions purging(long appId, boolean force, boolean localMode) {
        return new RunOptions(force, true, localMode, OptionalLong.of(appId), OptionalLong.of(appId));
    }

    /** Whether this run takes over the locks an app holds. */
    boolean forces(long appId) {
        return force && (forceOnly.isEmpty() || forceOnly.getAsLong() == appId);
    }
}
