package io.bosun.api;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.VolumeView;
import io.bosun.spi.target.TargetState;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The volumes {@code /v2/cleanup-volumes} removes. balena removes every engine volume that no container mounts
 * and the target does not reference; Bosun removes only the supervisor's own volumes ({@code <appId>_<name>}),
 * and only of the apps the caller may act on, so that neither volumes of other software on the host nor another
 * app's data go.
 */
final class OrphanVolumes {
    private OrphanVolumes() {
    }

    /**
     * @param volumes the supervised volumes
     * @param containers the supervised containers, running or not
     * @param target the stored target: a volume its app's release declares is referenced
     */
    static List<VolumeView> select(List<VolumeView> volumes, List<ContainerView> containers,
            List<TargetState> targets, LongPredicate visible) {
        Set<String> kept = new HashSet<>();
        targets.forEach(t -> t.apps().values().forEach(app -> app.release()
                .ifPresent(r -> r.volumes().keySet().forEach(name -> kept.add(app.id() + "_" + name)))));
        // A named volume is mounted as "<engine name>:<path>[:mode]"; binds and anonymous ones never match.
        containers.forEach(c -> c.facts().mounts().forEach(v -> kept.add(v.split(":", 2)[0])));
        return volumes.stream().filter(v -> visible.test(v.appId()) && !kept.contains(v.engineName())).toList();
    }
}
