package io.bosun.reconciler.plan;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.NetworkView;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.engine.VolumeView;
import io.bosun.spi.target.Ipam;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.VolumeConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The next steps of one app, balena's rules: dead containers first, then the app's update lock, then service,
 * volume and network steps, and once nothing is left the commit and the lock release. Every kill, stop, start
 * and rename needs the lock: without it the planner asks for the lock instead, and the step comes a cycle later.
 */
final class AppPlanner {
    /** The engine failed to start a container because a host address was not up yet; it will not retry. */
    private static final Pattern HOST_RACE = Pattern.compile("userland proxy.*cannot assign requested address$",
            Pattern.CASE_INSENSITIVE);

    private final CurrentApp current;
    private final AppTarget target;
    private final PlanContext ctx;
    private final boolean locked;
    private final Set<String> toLock = new TreeSet<>();

    private List<Change<VolumeView, VolumeConfig>> volumeChanges;
    private List<Change<NetworkView, NetworkConfig>> networkChanges;
    private List<ServicePair> servicePairs;
    private List<ContainerView> dependents;

    private AppPlanner(CurrentApp current, AppTarget target, PlanContext ctx) {
        this.current = current;
        this.target = target;
        this.ctx = ctx;
        this.locked = ctx.lockedApps().contains(current.appId());
    }

    /** A service's old container and new target; either may be absent. */
    record ServicePair(Optional<ContainerView> current, Optional<ServiceTarget> target) {
        String name() {
            return target.map(ServiceTarget::name).orElseGet(() -> current.orElseThrow().identity().serviceName());
        }
    }

    static List<Step> update(CurrentApp current, AppTarget target, PlanContext ctx) {
        return new AppPlanner(current, target, ctx).update();
    }

    /** The steps that take an app off the device: its containers, then networks, then (unless kept) volumes. */
    static List<Step> remove(CurrentApp app, PlanContext ctx) {
        boolean locked = ctx.lockedApps().contains(app.appId());
        if (!app.containers().isEmpty()) {
            if (!locked) {
                Set<String> names = new TreeSet<>();
                app.containers().forEach(c -> names.add(c.identity().serviceName()));
                return List.of(new Step.TakeLock(app.appId(), names));
            }
            return app.containers().stream()
                    .map(c -> c.status() == ServiceStatus.STOPPING ? (Step) Step.NOOP : new Step.Kill(c)).toList();
        }
        if (!app.networks().isEmpty()) {
            Set<String> names = new LinkedHashSet<>();
            app.networks().forEach(n -> names.add(n.name()));
            return names.stream().map(n -> (Step) new Step.RemoveNetwork(app.appId(), app.appUuid(), n)).toList();
        }
        boolean dropVolumes = !ctx.keepVolumes() || ctx.purgedApps().contains(app.appId());
        if (dropVolumes && !app.volumes().isEmpty()) {
            return app.volumes().stream().map(v -> (Step) new Step.RemoveVolume(v)).toList();
        }
        if (locked || ctx.leftoverLocks().contains(app.appId())) {
            return List.of(new Step.ReleaseLock(app.appId()));
        }
        return List.of();
    }

    private List<Step> update() {
        List<Step> steps = new ArrayList<>();
        current.containers().stream().filter(c -> c.status() == ServiceStatus.DEAD)
                .forEach(c -> steps.add(new Step.Remove(c)));
        volumeChanges = compareVolumes();
        networkChanges = compareNetworks();
        dependents = current.containers().stream().filter(this::usesChangedComponent).toList();
        servicePairs = pairServices();

        List<Step> serviceSteps = new ArrayList<>();
        servicePairs.forEach(pair -> serviceSteps.addAll(stepsFor(pair)));
        if (!toLock.isEmpty()) {
            steps.add(new Step.TakeLock(current.appId(), toLock));
        }
        steps.addAll(serviceSteps);
        for (Change<VolumeView, VolumeConfig> v : volumeChanges) {
            componentStep(v, current::usesVolume,
                    c -> new Step.RemoveVolume(c),
                    t -> new Step.CreateVolume(target.appId(), target.appUuid(), v.name(), t)).ifPresent(steps::add);
        }
        for (Change<NetworkView, NetworkConfig> n : networkChanges) {
            componentStep(n, current::usesNetwork,
                    c -> new Step.RemoveNetwork(current.appId(), current.appUuid(), n.name()),
                    t -> new Step.CreateNetwork(target.appId(), target.appUuid(), n.name(), t)).ifPresent(steps::add);
        }
        if (steps.isEmpty()) {
            if (!current.commit().equals(Optional.of(target.commit()))) {
                steps.add(new Step.UpdateCommit(target.appId(), target.commit()));
            }
            if (locked || ctx.leftoverLocks().contains(current.appId())) {
                steps.add(new Step.ReleaseLock(current.appId()));
            }
        }
        return steps;
    }

    // --- volumes and networks

    /** Volumes are created or recreated, never removed while the app stays. */
    private List<Change<VolumeView, VolumeConfig>> compareVolumes() {
        List<Change<VolumeView, VolumeConfig>> changes = new ArrayList<>();
        target.volumes().forEach((name, config) -> {
            Optional<VolumeView> existing = current.volumes().stream().filter(v -> v.name().equals(name)).findFirst();
            if (existing.isEmpty()) {
                changes.add(new Change<>(name, Optional.empty(), Optional.of(config)));
            } else if (!existing.get().config().equals(config)) {
                changes.add(new Change<>(name, existing, Optional.of(config)));
            }
        });
        return changes;
    }

    /**
     * Networks are also removed when the target drops them, and a name the engine holds more than once (it can
     * make duplicates) is removed whole, then created once.
     */
    private List<Change<NetworkView, NetworkConfig>> compareNetworks() {
        List<Change<NetworkView, NetworkConfig>> changes = new ArrayList<>();
        Map<String, List<NetworkView>> byName = new LinkedHashMap<>();
        current.networks().forEach(n -> byName.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(n));
        target.networks().forEach((name, config) -> {
            Optional<NetworkView> differing = byName.getOrDefault(name, List.of()).stream()
                    .filter(n -> !sameNetwork(n.config(), config)).findFirst();
            if (differing.isPresent()) {
                changes.add(new Change<>(name, differing, Optional.of(config)));
            }
        });
        byName.forEach((name, views) -> {
            boolean changing = changes.stream().anyMatch(c -> c.name().equals(name));
            if (!changing && (!target.networks().containsKey(name) || views.size() > 1)) {
                changes.add(new Change<>(name, Optional.of(views.get(0)), Optional.empty()));
            }
        });
        target.networks().forEach((name, config) -> {
            if (!byName.containsKey(name)) {
                changes.add(new Change<>(name, Optional.empty(), Optional.of(config)));
            }
        });
        return changes;
    }

    /** balena's network equality: IPAM only when the target sets it, the driver not for config-only networks. */
    static boolean sameNetwork(NetworkConfig current, NetworkConfig target) {
        // IPAM without address pools is no IPAM: the engine chooses the addresses and reports none back.
        Optional<Ipam> wanted = target.ipam().filter(i -> !i.config().isEmpty());
        boolean ipam = wanted.isEmpty() || wanted.equals(current.ipam());
        boolean driver = target.configOnly() || target.driver().equals(current.driver());
        return ipam && driver && current.driverOpts().equals(target.driverOpts())
                && current.enableIpv6() == target.enableIpv6() && current.internal() == target.internal()
                && current.labels().equals(target.labels()) && current.configOnly() == target.configOnly();
    }

    private boolean usesChangedComponent(ContainerView c) {
        return volumeChanges.stream().anyMatch(v -> v.current().isPresent() && current.usesVolume(c, v.name()))
                || networkChanges.stream().anyMatch(n -> n.current().isPresent() && current.usesNetwork(c, n.name()));
    }

    /** A component goes only once no container uses it; a new one is created at once. */
    private <C, T> Optional<Step> componentStep(Change<C, T> change, UsePredicate uses,
            java.util.function.Function<C, Step> remove, java.util.function.Function<T, Step> create) {
        if (change.current().isPresent()) {
            boolean inUse = dependents.stream().anyMatch(c -> uses.test(c, change.name()));
            return inUse ? Optional.empty() : Optional.of(remove.apply(change.current().get()));
        }
        return change.target().map(create);
    }

    @FunctionalInterface
    private interface UsePredicate {
        boolean test(ContainerView container, String componentName);
    }

    // --- services

    /**
     * Pairs each service's container with its target. Of several containers of one service (an interrupted
     * hand-over) the newest is the current one and the others go; containers of a changed volume or network go
     * too, unless they are being recreated anyway. A dead container is paired like any other, so that its
     * service is not installed anew (under the same container name) while the dead one is being removed.
     */
    private List<ServicePair> pairServices() {
        Map<String, List<ContainerView>> byName = new LinkedHashMap<>();
        current.containers()
                .forEach(c -> byName.computeIfAbsent(c.identity().serviceName(), k -> new ArrayList<>()).add(c));
        List<ServicePair> removals = new ArrayList<>();
        List<ServicePair> updates = new ArrayList<>();
        List<ServicePair> installs = new ArrayList<>();
        Set<String> recreated = new TreeSet<>();
        Map<String, ContainerView> newest = new LinkedHashMap<>();
        byName.forEach((name, containers) -> {
            List<ContainerView> sorted = containers.stream()
                    .sorted(Comparator.comparing(ContainerView::createdAt).thenComparing(ContainerView::id)).toList();
            if (target.service(name).isEmpty()) {
                sorted.forEach(c -> removals.add(new ServicePair(Optional.of(c), Optional.empty())));
                return;
            }
            ContainerView latest = sorted.get(sorted.size() - 1);
            newest.put(name, latest);
            sorted.subList(0, sorted.size() - 1)
                    .forEach(c -> removals.add(new ServicePair(Optional.of(c), Optional.empty())));
            if (!sameConfigAndRelease(latest, target.service(name).get())) {
                recreated.add(name);
            }
        });
        for (ContainerView d : dependents) {
            String name = d.identity().serviceName();
            boolean alreadyGoing = removals.stream().anyMatch(p -> p.current().equals(Optional.of(d)));
            if (!recreated.contains(name) && !alreadyGoing) {
                removals.add(new ServicePair(Optional.of(d), Optional.empty()));
            }
        }
        Set<String> removedNames = new TreeSet<>();
        removals.forEach(p -> removedNames.add(p.name()));
        newest.forEach((name, c) -> {
            ServiceTarget t = target.service(name).orElseThrow();
            if (!removedNames.contains(name) && (recreated.contains(name) || shouldStart(c, t)
                    || shouldStop(c, t) || shouldWaitForStop(c))) {
                updates.add(new ServicePair(Optional.of(c), Optional.of(t)));
            }
        });
        for (ServiceTarget t : target.services()) {
            if (!byName.containsKey(t.name())) {
                installs.add(new ServicePair(Optional.empty(), Optional.of(t)));
            }
        }
        List<ServicePair> all = new ArrayList<>(removals);
        all.addAll(updates);
        all.addAll(installs);
        return all;
    }

    private static boolean sameConfig(ContainerView c, ServiceTarget t) {
        return t.definition().map(d -> d.facts().digest().equals(c.facts().digest())).orElse(false);
    }

    /** Same release: same commit, release and image ids, so the same container name. */
    private static boolean sameRelease(ContainerView c, ServiceTarget t) {
        return c.identity().commit().equals(t.identity().commit())
                && c.identity().releaseId() == t.identity().releaseId()
                && c.identity().imageId() == t.identity().imageId();
    }

    private static boolean sameConfigAndRelease(ContainerView c, ServiceTarget t) {
        return sameConfig(c, t) && sameRelease(c, t);
    }

    /**
     * Only a container that never ran (or that the engine could not start for a host race) is started: an exited
     * one is the engine's restart policy's business.
     */
    private static boolean shouldStart(ContainerView c, ServiceTarget t) {
        boolean neverRan = c.status() == ServiceStatus.INSTALLING || c.status() == ServiceStatus.INSTALLED;
        return t.running() && !CurrentApp.isRunning(c) && (neverRan || hostRace(c)) && sameConfigAndRelease(c, t);
    }

    private static boolean hostRace(ContainerView c) {
        return c.status() == ServiceStatus.EXITED && HOST_RACE.matcher(c.exitError()).find();
    }

    private static boolean shouldStop(ContainerView c, ServiceTarget t) {
        return !t.running() && c.status() != ServiceStatus.EXITED;
    }

    private static boolean shouldWaitForStop(ContainerView c) {
        return c.status() == ServiceStatus.STOPPING;
    }

    private List<Step> stepsFor(ServicePair pair) {
        Optional<ContainerView> c = pair.current();
        Optional<ServiceTarget> t = pair.target();
        if (c.isPresent() && c.get().status() == ServiceStatus.STOPPING) {
            return List.of(Step.NOOP);
        }
        if (c.isPresent() && c.get().status() == ServiceStatus.DEAD) {
            // Its remove step is already planned; the service is looked at again once the container is gone.
            return List.of();
        }
        boolean needsDownload = t.isPresent() && !t.get().ready();
        if (needsDownload && ctx.downloading().contains(t.get().image().name())) {
            return List.of(Step.NOOP);
        }
        if (c.isEmpty()) {
            return fetchOrStart(t.orElseThrow(), needsDownload);
        }
        boolean specialKill = dependents.contains(c.get());
        boolean killDepsMet = target.imagesReady();
        Strategy strategy;
        boolean startDepsMet = false;
        if (t.isPresent()) {
            strategy = t.get().strategy();
            if (!specialKill && sameConfig(c.get(), t.get())) {
                return containerStep(c.get(), t.get(), strategy, killDepsMet);
            }
            startDepsMet = startDependenciesMet(t.get());
        } else {
            strategy = Strategy.of(c.get().facts().labels());
        }
        return switch (strategy) {
            case DOWNLOAD_THEN_KILL -> needsDownload ? List.of(new Step.Fetch(t.get().image()))
                    : killDepsMet ? lockThen(new Step.Kill(c.get())) : List.of(Step.NOOP);
            case KILL_THEN_DOWNLOAD, DELETE_THEN_DOWNLOAD -> lockThen(new Step.Kill(c.get()));
            case HAND_OVER -> handOver(c.get(), t, needsDownload, specialKill, killDepsMet, startDepsMet);
        };
    }

    private List<Step> handOver(ContainerView c, Optional<ServiceTarget> t, boolean needsDownload,
            boolean specialKill, boolean killDepsMet, boolean startDepsMet) {
        if (needsDownload) {
            return List.of(new Step.Fetch(t.get().image()));
        }
        if ((specialKill || t.isEmpty()) && killDepsMet) {
            return lockThen(new Step.Kill(c));
        }
        if (startDepsMet && t.isPresent()) {
            // balena hands over without the lock; Bosun takes it, as before any other start or kill.
            return lockThen(new Step.Handover(c, t.get(), t.get().handoverTimeout()));
        }
        return List.of(Step.NOOP);
    }

    /** The container's configuration is right: at most its name (release), or whether it runs, changes. */
    private List<Step> containerStep(ContainerView c, ServiceTarget t, Strategy strategy, boolean killDepsMet) {
        if (!sameRelease(c, t)) {
            // Under download-then-kill the lock waits for every image, so it is not hoarded during downloads.
            if (strategy == Strategy.DOWNLOAD_THEN_KILL && !killDepsMet) {
                return List.of(Step.NOOP);
            }
            return lockThen(new Step.UpdateMetadata(c, t));
        }
        boolean running = CurrentApp.isRunning(c);
        if (t.running() && !running) {
            boolean createdThisBoot = c.createdAt().isAfter(ctx.bootTime());
            if (t.requiresReboot() && createdThisBoot) {
                return ctx.rebootBreadcrumb() ? List.of() : List.of(new Step.RequireReboot(t.name()));
            }
            return List.of(new Step.Start(t));
        }
        if (!t.running() && running) {
            return lockThen(new Step.Stop(c));
        }
        return List.of();
    }

    private List<Step> fetchOrStart(ServiceTarget t, boolean needsDownload) {
        if (needsDownload) {
            return List.of(new Step.Fetch(t.image()));
        }
        if (t.carrier()) {
            return List.of();
        }
        if (startDependenciesMet(t)) {
            return lockThen(new Step.Start(t));
        }
        if (!locked && waitsOnlyForNewComponents(t)) {
            // The lock is asked for while the app's networks and volumes are being created, so that the start
            // comes one cycle sooner; the lock would be taken right after anyway.
            lockThen(Step.NOOP);
        }
        return ctx.rebootBreadcrumb() ? List.of() : List.of(Step.NOOP);
    }

    /**
     * A service starts once the services it depends on run (not merely created, nor about to change), its
     * networks and volumes exist and are not about to change, and every image of the release is on the device.
     */
    private boolean startDependenciesMet(ServiceTarget t) {
        List<String> deps = t.dependsOn();
        boolean depNotStarted = current.containers().stream()
                .anyMatch(c -> deps.contains(c.identity().serviceName())
                        && (c.status() == ServiceStatus.INSTALLING || c.status() == ServiceStatus.INSTALLED));
        boolean depChanging = servicePairs.stream()
                .anyMatch(p -> p.target().isPresent() && deps.contains(p.target().get().name()));
        // Unlike balena, a network being removed (a duplicate, or one recreated) also holds the start back: a
        // container started meanwhile would join the network that is about to go, or block its removal.
        boolean networkPending = networkChanges.stream().anyMatch(n -> t.networks().contains(n.name()));
        boolean volumePending = volumeChanges.stream()
                .anyMatch(v -> v.target().isPresent() && t.volumes().contains(v.name()));
        return !depNotStarted && !depChanging && !networkPending && !volumePending && target.imagesReady();
    }

    /** Whether a service is held back only by networks or volumes that are being created (none removed). */
    private boolean waitsOnlyForNewComponents(ServiceTarget t) {
        boolean creating = networkChanges.stream().anyMatch(n -> n.current().isEmpty() && t.networks().contains(n.name()))
                || volumeChanges.stream().anyMatch(v -> v.current().isEmpty() && t.volumes().contains(v.name()));
        boolean removing = networkChanges.stream().anyMatch(n -> n.current().isPresent() && t.networks().contains(n.name()))
                || volumeChanges.stream().anyMatch(v -> v.current().isPresent() && t.volumes().contains(v.name()));
        boolean depsWaiting = servicePairs.stream()
                .anyMatch(p -> p.target().isPresent() && t.dependsOn().contains(p.target().get().name()));
        return creating && !removing && !depsWaiting && target.imagesReady();
    }

    /** The step itself when the app's lock is held; else the lock is asked for, for every service of the app. */
    private List<Step> lockThen(Step step) {
        if (locked) {
            return List.of(step);
        }
        current.containers().forEach(c -> toLock.add(c.identity().serviceName()));
        target.services().forEach(s -> toLock.add(s.name()));
        return List.of();
    }
}
