package io.bosun.reconciler.plan;

import io.bosun.spi.engine.ImageView;
import io.bosun.spi.store.ImageRecord;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the planner needs beside the current and target apps.
 *
 * @param downloading names of the images being pulled now
 * @param lockedApps apps whose update locks the supervisor holds
 * @param leftoverLocks apps with supervisor lock files left over on disk
 * @param keepImages keep images nothing uses (local mode, intermediate targets)
 * @param keepVolumes keep the volumes of removed apps (local mode)
 * @param purgedApps apps whose volumes go when they are removed, even when volumes are kept (a purge)
 * @param bootTime when the device booted
 * @param rebootBreadcrumb whether a reboot has been asked for since boot
 * @param imageRecords the images the supervisor recorded
 * @param engineImages every image on the engine
 * @param ignoredImages images (ids of dangling ones, names of recorded ones) whose removal the engine refused
 *        lately, set aside for an hour
 */
public record PlanContext(Set<String> downloading, Set<Long> lockedApps, Set<Long> leftoverLocks,
        boolean keepImages, boolean keepVolumes, Set<Long> purgedApps, Instant bootTime, boolean rebootBreadcrumb,
        List<ImageRecord> imageRecords, List<ImageView> engineImages, Set<String> ignoredImages) {

    public PlanContext {
        downloading = Set.copyOf(downloading);
        lockedApps = Set.copyOf(lockedApps);
        leftoverLocks = Set.copyOf(leftoverLocks);
        purgedApps = Set.copyOf(purgedApps);
        imageRecords = List.copyOf(imageRecords);
        engineImages = List.copyOf(engineImages);
        ignoredImages = Set.copyOf(ignoredImages);
    }
}
