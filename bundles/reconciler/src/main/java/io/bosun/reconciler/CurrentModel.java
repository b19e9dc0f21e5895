package io.bosun.reconciler;

import io.bosun.reconciler.plan.CurrentApp;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.NetworkView;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.engine.VolumeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The planner's current apps: the engine's supervised containers, volumes and networks grouped by app id, with
 * the statuses the supervisor lays over them while it acts (Installing, Stopping, Handing over), and each
 * app's settled commit.
 */
final class CurrentModel {
    private CurrentModel() {
    }

    static List<CurrentApp> apps(CurrentState state, Map<Long, String> commits, Map<String, ServiceStatus> overlays) {
        Map<Long, Parts> byApp = new TreeMap<>();
        for (ContainerView c : state.containers()) {
            ServiceStatus overlay = overlays.get(c.id());
            parts(byApp, c.identity().appId(), c.identity().appUuid()).containers
                    .add(overlay == null ? c : c.withStatus(overlay));
        }
        for (VolumeView v : state.volumes()) {
            parts(byApp, v.appId(), v.appUuid()).volumes.add(v);
        }
        for (NetworkView n : state.networks()) {
            parts(byApp, n.appId(), n.appUuid()).networks.add(n);
        }
        List<CurrentApp> apps = new ArrayList<>();
        byApp.forEach((appId, p) -> apps.add(new CurrentApp(appId, p.uuid, Optional.ofNullable(commits.get(appId)),
                p.containers, p.volumes, p.networks)));
        return apps;
    }

    private static Parts parts(Map<Long, Parts> byApp, long appId, String uuid) {
        Parts p = byApp.computeIfAbsent(appId, k -> new Parts());
        // Volumes carry the uuid only from their labels; a container's or network's is preferred.
        if (p.uuid == null || p.uuid.equals(Long.toString(appId))) {
            p.uuid = uuid;
        }
        return p;
    }

    private static final class Parts {
        String uuid;
        final List<ContainerView> containers = new ArrayList<>();
        final List<VolumeView> volumes = new ArrayList<>();
        final List<NetworkView> networks = new ArrayList<>();
    }
}
