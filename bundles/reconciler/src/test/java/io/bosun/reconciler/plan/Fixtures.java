package io.bosun.reconciler.plan;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.NetworkView;
import io.bosun.spi.engine.ServiceContext;
import io.bosun.spi.engine.ServiceDefinition;
import io.bosun.spi.engine.ServiceFacts;
import io.bosun.spi.engine.ServiceIdentity;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.engine.VolumeView;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.VolumeConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Builders for planner table cases: apps, containers and services with the values balena's own cases use
 * (app 1, uuid {@code deadbeef}), and a context with nothing locked and nothing downloading.
 */
final class Fixtures {
    static final long APP = 1;
    static final String UUID = "deadbeef";
    static final Instant BOOT = Instant.parse("2026-01-01T00:00:00Z");
    private static long nextId = 1;

    private Fixtures() {
    }

    /** The engine id a test image name stands for. */
    static String imageId(String imageName) {
        return "sha256:" + imageName;
    }

    /**
     * A container configuration as the planner sees it: the facts the engine would report, and, standing for every
     * other setting the engine compares, named settings that go into the digest.
     */
    static final class Shape {
        String imageId;
        Map<String, String> labels = new LinkedHashMap<>();
        Set<String> networks = new TreeSet<>();
        List<String> mounts = new ArrayList<>();
        final Map<String, Object> settings = new java.util.TreeMap<>();

        /** Another setting (privileged, restart, ...) that makes the configuration differ when it differs. */
        Shape with(String setting, Object value) {
            settings.put(setting, value);
            return this;
        }

        /** The network mode: an app network joins it, host and service:x join none. */
        Shape networkMode(String mode) {
            networks = new TreeSet<>();
            settings.put("networkMode", mode);
            return this;
        }

        Shape labels(Map<String, String> all) {
            labels = new LinkedHashMap<>(all);
            return this;
        }

        Shape mounts(List<String> all) {
            mounts = new ArrayList<>(all);
            return this;
        }

        ServiceFacts facts() {
            String digest = imageId + labels + networks + mounts + settings;
            return new ServiceFacts(imageId, labels, Map.of(), networks, mounts, digest);
        }
    }

    /** A service's container configuration: image id, and the app's default network unless host. */
    static Shape baseConfig(String appUuid, String imageName, String... networks) {
        Shape shape = new Shape();
        shape.imageId = imageId(imageName);
        List<String> names = networks.length == 0 ? List.of("default") : List.of(networks);
        names.forEach(n -> shape.networks.add(appUuid + "_" + n));
        return shape.with("restart", "always");
    }

    /** A target service under construction. */
    static final class Svc {
        String name;
        String image;
        long appId = APP;
        String appUuid = UUID;
        String commit = "new-release";
        long releaseId = 2;
        long imageId = 2;
        boolean running = true;
        boolean ready = true;
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Object> composition = new LinkedHashMap<>();
        UnaryOperator<Shape> configChange = c -> c;
        String[] networks = {};

        Svc(String name) {
            this.name = name;
            this.image = name + "-image";
        }

        /** A service of another app (app 1, uuid deadbeef, unless said). */
        Svc app(long id, String uuid) {
            appId = id;
            appUuid = uuid;
            return this;
        }

        Svc image(String i) {
            image = i;
            return this;
        }

        Svc commit(String c) {
            commit = c;
            return this;
        }

        Svc release(long releaseId, long imageId) {
            this.releaseId = releaseId;
            this.imageId = imageId;
            return this;
        }

        Svc notRunning() {
            running = false;
            return this;
        }

        /** Its image is not on the device, so its definition is not known. */
        Svc notReady() {
            ready = false;
            return this;
        }

        Svc label(String k, String v) {
            labels.put(k, v);
            return this;
        }

        Svc strategy(String s) {
            return label("io.balena.update.strategy", s);
        }

        Svc compose(String k, Object v) {
            composition.put(k, v);
            return this;
        }

        /** Networks it joins (also written to its composition). */
        Svc networks(String... names) {
            networks = names;
            composition.put("networks", List.of(names));
            return this;
        }

        /** A named volume mounted at /data (also written to its config). */
        Svc volume(String volume) {
            composition.put("volumes", List.of(volume + ":/data"));
            UnaryOperator<Shape> before = configChange;
            configChange = c -> before.apply(c).mounts(List.of(appId + "_" + volume + ":/data"));
            return this;
        }

        /** {@code network_mode: host} (also in its config: no app network joined). */
        Svc hostNetwork() {
            composition.put("network_mode", "host");
            return config(c -> c.networkMode("host"));
        }

        Svc config(UnaryOperator<Shape> change) {
            UnaryOperator<Shape> before = configChange;
            configChange = c -> change.apply(before.apply(c));
            return this;
        }

        ServiceFacts builtConfig() {
            return configChange.apply(baseConfig(appUuid, image, networks).labels(labels)).facts();
        }

        ServiceTarget build() {
            TargetService ts = new TargetService(name, 10, imageId, image, Map.of(), labels, running, Map.of(),
                    composition);
            ServiceIdentity identity = new ServiceIdentity(appId, appUuid, name, 10, imageId, releaseId, commit);
            ServiceContext context = new ServiceContext(appId, appUuid, "test-app", releaseId, commit, "device",
                    "device", "test", "amd64", "test OS", "/locks/" + appId + "/" + name, Optional.empty(), 48484,
                    Optional.empty(), Optional.empty());
            Optional<ServiceDefinition> def = ready
                    ? Optional.of(new ServiceDefinition(identity, image, builtConfig(), ts, context, List.of()))
                    : Optional.empty();
            return ServiceTarget.of(appId, appUuid, releaseId, commit, ts, def);
        }

        /** The container this service's target would be, running, created at {@code createdAt}. */
        Ctr container() {
            return new Ctr(this);
        }
    }

    static Svc svc(String name) {
        return new Svc(name);
    }

    /** A current container under construction. */
    static final class Ctr {
        final Svc svc;
        String id = "c" + (nextId++);
        ServiceStatus status = ServiceStatus.RUNNING;
        Instant createdAt = BOOT.plusSeconds(60);
        String exitError = "";

        Ctr(Svc svc) {
            this.svc = svc;
        }

        Ctr id(String i) {
            id = i;
            return this;
        }

        Ctr status(ServiceStatus s) {
            status = s;
            return this;
        }

        Ctr createdAt(Instant t) {
            createdAt = t;
            return this;
        }

        Ctr exitError(String e) {
            exitError = e;
            return this;
        }

        ContainerView build() {
            ServiceIdentity identity = new ServiceIdentity(svc.appId, svc.appUuid, svc.name, 10, svc.imageId,
                    svc.releaseId, svc.commit);
            return new ContainerView(id, identity.containerName(), identity, imageId(svc.image), status, createdAt,
                    svc.builtConfig(), exitError);
        }
    }

    /** A target app of the given services; its commit is the first service's. */
    static AppTarget targetApp(List<Svc> services) {
        return targetApp(services, Map.of(), Map.of());
    }

    static AppTarget targetApp(List<Svc> services, Map<String, VolumeConfig> volumes,
            Map<String, NetworkConfig> networks) {
        String commit = services.isEmpty() ? "new-release" : services.get(0).commit;
        long releaseId = services.isEmpty() ? 2 : services.get(0).releaseId;
        List<ServiceTarget> built = new ArrayList<>();
        services.forEach(s -> built.add(s.build()));
        return new AppTarget(APP, UUID, "test-app", commit, releaseId, built, volumes, networks);
    }

    static CurrentApp currentApp(String commit, List<Ctr> containers, List<VolumeView> volumes,
            List<NetworkView> networks) {
        return currentApp(APP, UUID, commit, containers, volumes, networks);
    }

    /** A current app other than app 1. */
    static CurrentApp currentApp(long appId, String appUuid, String commit, List<Ctr> containers,
            List<VolumeView> volumes, List<NetworkView> networks) {
        return new CurrentApp(appId, appUuid, Optional.ofNullable(commit),
                containers.stream().map(Ctr::build).toList(), volumes, networks);
    }

    /** The default network as the engine reports it for an app whose services use it. */
    static NetworkView network(String name, NetworkConfig config) {
        return new NetworkView("net-" + name + "-" + (nextId++), UUID + "_" + name, APP, UUID, name, config);
    }

    static NetworkView defaultNetwork() {
        return network("default", new NetworkConfig(null, null, null, false, false, null, false));
    }

    /** The default network of an app none of whose services joins it (all host, or none at all). */
    static NetworkView configOnlyDefaultNetwork() {
        return network("default", new NetworkConfig(null, null, null, false, false, null, true));
    }

    /** A network with nothing but labels set, as a target or as the engine reports it. */
    static NetworkConfig networkConfig(Map<String, String> labels) {
        return new NetworkConfig(null, null, null, false, false, labels, false);
    }

    static VolumeView volume(String name, Map<String, String> labels) {
        return volume(APP, UUID, name, labels);
    }

    /** A volume of another app. */
    static VolumeView volume(long appId, String appUuid, String name, Map<String, String> labels) {
        return new VolumeView(appId + "_" + name, appId, appUuid, name, new VolumeConfig(null, null, labels));
    }

    static VolumeConfig volumeConfig(Map<String, String> labels) {
        return new VolumeConfig(null, null, labels);
    }

    /** The planner's context under construction. */
    static final class Ctx {
        Set<String> downloading = new TreeSet<>();
        Set<Long> locked = new TreeSet<>();
        Set<Long> leftover = new TreeSet<>();
        boolean keepImages;
        final Set<String> ignored = new TreeSet<>();
        boolean keepVolumes;
        final Set<Long> purged = new java.util.TreeSet<>();
        boolean breadcrumb;
        List<ImageRecord> records = new ArrayList<>();
        List<ImageView> engineImages = new ArrayList<>();

        Ctx locked() {
            return locked(APP);
        }

        Ctx locked(long appId) {
            locked.add(appId);
            return this;
        }

        Ctx downloading(String image) {
            downloading.add(image);
            return this;
        }

        Ctx leftover() {
            leftover.add(APP);
            return this;
        }

        Ctx keepImages() {
            keepImages = true;
            return this;
        }

        /** A purge of this app: its volumes go even when volumes are kept. */
        Ctx purging(long appId) {
            purged.add(appId);
            return this;
        }

        /** An image the engine refused to delete lately, set aside. */
        Ctx setAside(String image) {
            ignored.add(image);
            return this;
        }

        Ctx keepVolumes() {
            keepVolumes = true;
            return this;
        }

        Ctx breadcrumb() {
            breadcrumb = true;
            return this;
        }

        /** An image both recorded by the supervisor and on the engine. */
        Ctx recorded(ImageRecord r) {
            records.add(r);
            engineImages.add(new ImageView(r.dockerImageId().orElse(imageId(r.name())), List.of(r.name()), List.of()));
            return this;
        }

        /** An image on the engine only. */
        Ctx onEngine(ImageView image) {
            engineImages.add(image);
            return this;
        }

        PlanContext build() {
            return new PlanContext(downloading, locked, leftover, keepImages, keepVolumes, purged, BOOT,
                    breadcrumb, records, engineImages, ignored);
        }
    }

    static Ctx ctx() {
        return new Ctx();
    }

    /** The record of the image a service's target (or container) needs. */
    static ImageRecord record(Svc s) {
        return new ImageRecord(s.image, s.appId, s.appUuid, 10, s.name, s.imageId, s.releaseId, s.commit,
                Optional.of(imageId(s.image)));
    }

    /** The actions of the steps, in order. */
    static List<String> actions(List<Step> steps) {
        return steps.stream().map(Step::action).toList();
    }

    static <T extends Step> List<T> only(List<Step> steps, Class<T> type) {
        return steps.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * The steps, in order, each as its action and the fields a case checks: whose container ({@code
     * service@commit}), which image, which app component, which services to lock. Asserting on these lists makes
     * a case fail on any extra, missing or misdirected step.
     */
    static List<String> describe(List<Step> steps) {
        return steps.stream().map(Fixtures::describe).toList();
    }

    static String describe(Step step) {
        String what;
        if (step instanceof Step.Fetch f) {
            what = f.image().name() + " for " + f.image().serviceName();
        } else if (step instanceof Step.Start s) {
            what = s.target().name() + "@" + s.target().identity().commit();
        } else if (step instanceof Step.Stop s) {
            what = container(s.current());
        } else if (step instanceof Step.Kill k) {
            what = container(k.current());
        } else if (step instanceof Step.Remove r) {
            what = container(r.current());
        } else if (step instanceof Step.UpdateMetadata u) {
            what = container(u.current()) + " -> " + u.target().identity().commit();
        } else if (step instanceof Step.Handover h) {
            what = container(h.current()) + " -> " + h.target().identity().commit();
        } else if (step instanceof Step.UpdateCommit u) {
            what = u.appId() + " " + u.commit();
        } else if (step instanceof Step.CreateNetwork n) {
            what = n.appId() + " " + n.name();
        } else if (step instanceof Step.RemoveNetwork n) {
            what = n.appId() + " " + n.name();
        } else if (step instanceof Step.CreateVolume v) {
            what = v.appId() + " " + v.name();
        } else if (step instanceof Step.RemoveVolume v) {
            what = v.current().appId() + " " + v.current().name();
        } else if (step instanceof Step.TakeLock l) {
            what = l.appId() + " " + l.services();
        } else if (step instanceof Step.ReleaseLock l) {
            what = String.valueOf(l.appId());
        } else if (step instanceof Step.RemoveImage r) {
            what = r.image().name();
        } else if (step instanceof Step.SaveImage s) {
            what = s.image().name();
        } else if (step instanceof Step.Cleanup c) {
            what = c.imageIds().toString();
        } else if (step instanceof Step.RequireReboot r) {
            what = r.serviceName();
        } else {
            return step.action();
        }
        return step.action() + " " + what;
    }

    private static String container(ContainerView c) {
        return c.identity().serviceName() + "@" + c.identity().commit();
    }
}
