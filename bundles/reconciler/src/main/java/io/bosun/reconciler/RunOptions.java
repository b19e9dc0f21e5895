package io.bosun.reconciler;

import java.util.OptionalLong;

/**
 * How one run applies its target.
 *
 * @param force take over app-held locks (asked per request, for this run only)
 * @param keepImages keep images nothing uses any more
 * @param keepVolumes keep the volumes of apps that go
 * @param scope the one app the run acts on (an action on one app: the other apps' steps, locks and downloads are
 *        not its business); empty for the whole device
 * @param purged the one app whose volumes go with it even when volumes are kept (a purge)
 */
record RunOptions(boolean force, boolean keepImages, boolean keepVolumes, OptionalLong scope, OptionalLong purged) {

    RunOptions(boolean force, boolean keepImages, boolean keepVolumes) {
        this(force, keepImages, keepVolumes, OptionalLong.empty(), OptionalLong.empty());
    }

    /** A device-wide apply: local mode keeps images and volumes (the cloud's apps come back when it ends). */
    static RunOptions device(boolean force, boolean localMode) {
        return new RunOptions(force, localMode, localMode);
    }

    /** An action on one app: only that app is planned, and its force reaches that app's locks only. */
    static RunOptions forApp(long appId, boolean force, boolean keepImages, boolean keepVolumes) {
        return new RunOptions(force, keepImages, keepVolumes, OptionalLong.of(appId), OptionalLong.empty());
    }

    /** A purge of one app: its volumes go. */
    static RunOptions purging(long appId, boolean force, boolean localMode) {
        return new RunOptions(force, true, localMode, OptionalLong.of(appId), OptionalLong.of(appId));
    }

    /** Whether this run acts on the app. */
    boolean covers(long appId) {
        return scope.isEmpty() || scope.getAsLong() == appId;
    }

    /** Whether this run takes over the locks an app holds. */
    boolean forces(long appId) {
        return force && covers(appId);
    }
}
