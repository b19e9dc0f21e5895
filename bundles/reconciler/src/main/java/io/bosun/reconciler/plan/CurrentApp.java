package io.bosun.reconciler.plan;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.NetworkView;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.engine.VolumeView;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One app as the device runs it: its supervised containers (with the supervisor's own statuses laid over the
 * engine's while it acts on them), volumes and networks, and the commit it last settled on.
 */
public record CurrentApp(long appId, String appUuid, Optional<String> commit, List<ContainerView> containers,
        List<VolumeView> volumes, List<NetworkView> networks) {

    private static final Set<ServiceStatus> RUNNING = EnumSet.of(ServiceStatus.RUNNING, ServiceStatus.RESTARTING,
            ServiceStatus.PAUSED, ServiceStatus.STARTING, ServiceStatus.STOPPING, ServiceStatus.HANDING_OVER,
            ServiceStatus.AWAITING_HANDOVER);

    public CurrentApp {
        Objects.requireNonNull(appUuid, "appUuid");
        commit = commit == null ? Optional.empty() : commit;
        containers = List.copyOf(containers);
        volumes = List.copyOf(volumes);
        networks = List.copyOf(networks);
    }

    /** An app with nothing on the device yet. */
    public static CurrentApp empty(long appId, String appUuid) {
        return new CurrentApp(appId, appUuid, Optional.empty(), List.of(), List.of(), List.of());
    }

    /** Whether a container's process is up (the engine's "running", which includes paused and restarting). */
    public static boolean isRunning(ContainerView c) {
        return RUNNING.contains(c.status());
    }

    /** Whether the container joins the app network of that name. */
    public boolean usesNetwork(ContainerView c, String name) {
        return c.facts().networks().contains(appUuid + "_" + name);
    }

    /** Whether the container mounts the app volume of that name. */
    public boolean usesVolume(ContainerView c, String name) {
        String prefix = appId + "_" + name + ":";
        return c.facts().mounts().stream().anyMatch(v -> v.startsWith(prefix));
    }
}
