package io.bosun.spi.target;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One app of the target.
 *
 * @param uuid the app uuid (the key in {@code apps}); in v2 local targets the app id as a string
 * @param id the numeric app id (deprecated by balena but still used in names, volumes and lock paths)
 * @param name the app name
 * @param appClass {@code fleet} (default), {@code app} or {@code block}
 * @param parentApp uuid of the parent app, if any
 * @param isHost whether this is the host OS app
 * @param releases releases by commit (release uuid); only the first one is used
 */
public record TargetApp(String uuid, long id, String name, AppClass appClass, Optional<String> parentApp,
        boolean isHost, Map<String, TargetRelease> releases) {
    public TargetApp {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        appClass = appClass == null ? AppClass.FLEET : appClass;
        parentApp = parentApp == null ? Optional.empty() : parentApp;
        releases = Maps.copy(releases);
    }

    /** The release the device should run: the first one of the document, as balena does. */
    public Optional<TargetRelease> release() {
        return releases.values().stream().findFirst();
    }
}
