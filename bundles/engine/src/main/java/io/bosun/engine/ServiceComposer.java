package io.bosun.engine;

import io.bosun.spi.engine.ServiceContext;
import io.bosun.spi.engine.ServiceDefinition;
import io.bosun.spi.engine.ServiceIdentity;
import io.bosun.spi.target.TargetService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a service's container configuration from its target, as balena's {@code Service.fromComposeObject}
 * does: image defaults, injected environment, supervisor labels, lock binds, app volumes and networks, feature
 * labels and the supported compose fields. Pure: everything it needs about the image and the host is handed in.
 */
final class ServiceComposer {
    static final String SUPERVISOR_NETWORK = "supervisor0";
    static final String SUPERVISOR_GATEWAY = "10.114.104.1";
    private static final Set<String> RESTART_POLICIES = Set.of("no", "always", "on-failure", "unless-stopped");

    private final HostFacts host;

    ServiceComposer(HostFacts host) {
        this.host = host;
    }

    Composed compose(TargetService service, ServiceContext ctx, ImageFacts image) {
        if (ctx.deviceName().contains("\n")) {
            throw new InvalidServiceException("the device name must not contain a newline");
        }
        Composition c = new Composition(service.composition());
        List<String> warnings = new ArrayList<>();
        if (!c.unsupported().isEmpty()) {
            warnings.add("Ignoring unsupported or unknown compose fields: " + String.join(", ", c.unsupported()));
        }
        Map<String, String> labels = Features.normalise(service.labels());
        ServiceConfig.Builder b = ServiceConfig.builder().image(image.id());

        b.command(c.has("command") ? commandOf(c, "command") : image.command());
        b.entrypoint(c.has("entrypoint") ? commandOf(c, "entrypoint") : image.entrypoint());
        b.workingDir(c.string("workingDir").orElse(image.workingDir()).replaceAll("^(.+)/$", "$1"));
        b.user(c.string("user").orElse(image.user()));
        b.stopSignal(c.string("stopSignal").or(image::stopSignal).orElse("SIGTERM"));
        b.healthcheck(healthcheck(c, image.healthcheck()));

        String networkMode = networkMode(c, ctx, warnings);
        boolean hostNetwork = networkMode.equals("host");
        b.networkMode(networkMode);
        String hostname = c.string("hostname").orElseGet(() -> hostNetwork ? host.hostname().get() : "");
        b.hostname(hostname);
        b.networks(withoutAlias(networks(c, ctx, service.name(), networkMode, labels), hostname));
        b.domainname(c.string("domainname").orElse(""));

        b.environment(environment(service, ctx, image, labels, hostNetwork));
        b.labels(labels(service, ctx, image, labels));
        b.volumes(volumes(c, ctx, service.name(), image, labels, warnings));
        b.tmpfs(tmpfs(c));
        b.gpu(Features.enabled(labels, "gpu"));

        b.restart(restart(c));
        c.bool("privileged").ifPresent(b::privileged);
        c.bool("tty").ifPresent(b::tty);
        c.bool("init").ifPresent(b::init);
        c.bool("readOnly").ifPresent(b::readOnly);
        c.bool("oomKillDisable").ifPresent(b::oomKillDisable);
        b.ports(ports(c));
        b.capAdd(capabilities(c.strings("capAdd")));
        b.capDrop(capabilities(c.strings("capDrop")));
        b.devices(c.strings("devices").stream().map(ServiceComposer::device).toList());
        b.dns(c.strings("dns")).dnsOpt(c.strings("dnsOpt")).dnsSearch(c.strings("dnsSearch"));
        b.extraHosts(extraHosts(c));
        b.groupAdd(c.strings("groupAdd"));
        b.securityOpt(c.strings("securityOpt").stream().filter(s -> !s.startsWith("label=")).toList());
        b.sysctls(c.stringMap("sysctls"));
        b.ulimits(ulimits(c));
        b.storageOpt(c.stringMap("storageOpt"));
        if (c.has("stopGracePeriod")) {
            b.stopGracePeriodSeconds(Quantities.nanos(c.raw("stopGracePeriod"))
                    .orElseThrow(() -> c.invalid("stopGracePeriod", "must be a duration such as 10s or 1m30s"))
                    / 1_000_000_000L);
        }
        bytes(c, "shmSize").ifPresent(b::shmSize);
        bytes(c, "memLimit").ifPresent(b::memLimit);
        bytes(c, "memReservation").ifPresent(b::memReservation);
        if (c.has("cpus")) {
            try {
                b.nanoCpus(Math.round(Double.parseDouble(c.raw("cpus").toString()) * 1e9));
            } catch (NumberFormatException e) {
                throw c.invalid("cpus", "must be a number of CPUs");
            }
        }
        c.integer("cpuShares").ifPresent(b::cpuShares);
        c.integer("cpuQuota").ifPresent(b::cpuQuota);
        c.string("cpuset").ifPresent(b::cpuset);
        c.integer("oomScoreAdj").ifPresent(v -> b.oomScoreAdj(v.intValue()));
        c.string("ipc").ifPresent(b::ipc);
        c.string("pid").ifPresent(b::pid);
        c.integer("pidsLimit").ifPresent(b::pidsLimit);
        c.string("usernsMode").ifPresent(b::usernsMode);
        c.string("cgroupParent").ifPresent(b::cgroupParent);
        c.string("macAddress").ifPresent(b::macAddress);

        ServiceIdentity identity = new ServiceIdentity(ctx.appId(), ctx.appUuid(), service.name(), service.id(),
                service.imageId(), ctx.releaseId(), ctx.commit());
        Map<String, String> atCreate = Map.of("BALENA_DEVICE_NAME_AT_INIT", ctx.deviceName(),
                "RESIN_DEVICE_NAME_AT_INIT", ctx.deviceName());
        ServiceConfig config = b.build();
        return new Composed(new ServiceDefinition(identity, service.image(), config.facts(), service, ctx, warnings),
                config, atCreate);
    }

    private static List<String> commandOf(Composition c, String name) {
        Object value = c.raw(name);
        return value instanceof String s ? CommandLine.split(s) : c.strings(name);
    }

    private String networkMode(Composition c, ServiceContext ctx, List<String> warnings) {
        Optional<String> mode = c.string("networkMode");
        if (mode.isPresent() && mode.get().startsWith("container:")) {
            warnings.add("Ignoring network_mode " + mode.get() + ": only service:<name> may share a network stack");
            mode = Optional.empty();
        }
        if (mode.isPresent()) {
            String m = mode.get();
            boolean builtIn = m.equals("host") || m.equals("none") || m.equals("bridge") || m.startsWith("service:");
            return builtIn ? m : appNetwork(ctx, m);
        }
        List<String> named = networkNames(c);
        return appNetwork(ctx, named.isEmpty() ? "default" : named.get(0));
    }

    private static String appNetwork(ServiceContext ctx, String name) {
        return ctx.appUuid() + "_" + name;
    }

    private static List<String> networkNames(Composition c) {
        Object value = c.raw("networks");
        if (value instanceof Map<?, ?> map) {
            return map.keySet().stream().map(Object::toString).toList();
        }
        return c.strings("networks");
    }

    private Map<String, ServiceNetwork> networks(Composition c, ServiceContext ctx, String serviceName,
            String networkMode, Map<String, String> labels) {
        Map<String, ServiceNetwork> out = new LinkedHashMap<>();
        boolean ownStack = !(networkMode.equals("host") || networkMode.equals("none")
                || networkMode.startsWith("service:") || networkMode.equals("bridge"));
        if (!ownStack) {
            return out;
        }
        Object value = c.raw("networks");
        List<String> names = networkNames(c);
        if (names.isEmpty()) {
            out.put(networkMode, new ServiceNetwork(List.of(serviceName), null, null, null));
        }
        for (String name : names) {
            Object settings = value instanceof Map<?, ?> map ? map.get(name) : null;
            out.put(appNetwork(ctx, name), serviceNetwork(c, name, serviceName, settings));
        }
        if (Features.enabled(labels, "supervisor-api")) {
            out.put(SUPERVISOR_NETWORK, new ServiceNetwork(List.of(), null, null, null));
        }
        return out;
    }

    /** The engine answers to the host name on every network anyway; an alias of it is no setting. */
    private static Map<String, ServiceNetwork> withoutAlias(Map<String, ServiceNetwork> networks, String hostname) {
        Map<String, ServiceNetwork> out = new LinkedHashMap<>();
        networks.forEach((name, n) -> out.put(name, new ServiceNetwork(n.aliases().stream()
                .filter(a -> !a.equals(hostname)).toList(), n.ipv4Address(), n.ipv6Address(), n.linkLocalIps())));
        return out;
    }

    private static ServiceNetwork serviceNetwork(Composition c, String name, String serviceName, Object settings) {
        List<String> aliases = new ArrayList<>(List.of(serviceName));
        if (settings == null) {
            return new ServiceNetwork(aliases, null, null, null);
        }
        if (!(settings instanceof Map<?, ?> map)) {
            throw c.invalid("networks", "the settings of network '" + name + "' must be an object");
        }
        Object more = map.get("aliases");
        if (more instanceof List<?> list) {
            list.forEach(a -> aliases.add(a.toString()));
        }
        Object linkLocal = map.get("link_local_ips");
        List<String> linkLocalIps = linkLocal instanceof List<?> list
                ? list.stream().map(Object::toString).toList() : List.of();
        return new ServiceNetwork(aliases, Optional.ofNullable(map.get("ipv4_address")).map(Object::toString),
                Optional.ofNullable(map.get("ipv6_address")).map(Object::toString), linkLocalIps);
    }

    private Map<String, String> environment(TargetService service, ServiceContext ctx, ImageFacts image,
            Map<String, String> labels, boolean hostNetwork) {
        Map<String, String> env = new LinkedHashMap<>(image.environment());
        for (String ns : List.of("BALENA", "RESIN")) {
            env.put(ns + "_APP_ID", Long.toString(ctx.appId()));
            env.put(ns + "_APP_UUID", ctx.appUuid());
            env.put(ns + "_APP_NAME", ctx.appName());
            env.put(ns + "_SERVICE_NAME", service.name());
            env.put(ns + "_DEVICE_UUID", ctx.deviceUuid());
            env.put(ns + "_DEVICE_TYPE", ctx.deviceType());
            env.put(ns + "_DEVICE_ARCH", ctx.deviceArch());
            env.put(ns + "_HOST_OS_VERSION", ctx.hostOsVersion());
            env.put(ns + "_APP_LOCK_PATH", "/tmp/balena/updates.lock");
            env.put(ns, "1");
        }
        env.put("RESIN_SERVICE_KILL_ME_PATH", "/tmp/balena/handover-complete");
        env.put("BALENA_SERVICE_HANDOVER_COMPLETE_PATH", "/tmp/balena/handover-complete");
        env.put("USER", "root");
        env.putAll(service.environment());
        for (String ns : List.of("BALENA", "RESIN")) {
            if (Features.enabled(labels, "supervisor-api")) {
                String address = hostNetwork ? "127.0.0.1" : SUPERVISOR_GATEWAY;
                ctx.supervisorApiKey().ifPresent(key -> env.put(ns + "_SUPERVISOR_API_KEY", key));
                env.put(ns + "_SUPERVISOR_PORT", Integer.toString(ctx.supervisorApiPort()));
                env.put(ns + "_SUPERVISOR_HOST", address);
                env.put(ns + "_SUPERVISOR_ADDRESS", "http://" + address + ":" + ctx.supervisorApiPort());
            }
            if (Features.enabled(labels, "balena-api")) {
                ctx.cloudApiKey().ifPresent(key -> env.put(ns + "_API_KEY", key));
                ctx.cloudApiEndpoint().ifPresent(url -> env.put(ns + "_API_URL", url));
            }
            if (Features.enabled(labels, "host-os.board-rev")) {
                // balena sets both variables to the board revision.
                boardRevision().ifPresent(rev -> {
                    env.put(ns + "_HOST_OS_BOARD_REV", rev);
                    env.put(ns + "_HOST_OS_BUILD", rev);
                });
            }
        }
        if (Features.enabled(labels, "balena-socket")) {
            env.putIfAbsent("DOCKER_HOST", "unix:///host/run/balena-engine.sock");
        }
        return env;
    }

    private Optional<String> boardRevision() {
        return Optional.ofNullable(host.osRelease().getOrDefault("BALENA_BOARD_REV",
                host.osRelease().get("RESIN_BOARD_REV")));
    }

    private static Map<String, String> labels(TargetService service, ServiceContext ctx, ImageFacts image,
            Map<String, String> normalised) {
        Map<String, String> labels = new LinkedHashMap<>(Features.normalise(image.labels()));
        labels.putAll(normalised);
        labels.put(Features.SUPERVISED, "true");
        labels.put(Features.APP_ID, Long.toString(ctx.appId()));
        labels.put(Features.APP_UUID, ctx.appUuid());
        labels.put(Features.SERVICE_ID, Long.toString(service.id()));
        labels.put(Features.SERVICE_NAME, service.name());
        return labels;
    }

    private List<String> volumes(Composition c, ServiceContext ctx, String serviceName, ImageFacts image,
            Map<String, String> labels, List<String> warnings) {
        Set<String> out = new LinkedHashSet<>();
        Object value = c.raw("volumes");
        List<?> entries = value == null ? List.of() : value instanceof List<?> l ? l : List.of(value);
        for (Object entry : entries) {
            volume(c, ctx, entry, warnings).ifPresent(out::add);
        }
        // The service's lock folder, which the locks bundle owns and made: bound at /tmp/balena and /tmp/resin.
        String lockFolder = ctx.lockFolder();
        out.add(lockFolder + ":/tmp/resin");
        out.add(lockFolder + ":/tmp/balena");
        featureBinds(labels, out, warnings);
        Set<String> targets = new LinkedHashSet<>();
        out.forEach(v -> targets.add(mountTarget(v)));
        image.volumes().stream().filter(path -> !targets.contains(path)).forEach(out::add);
        return out.stream().map(ServiceComposer::withoutDefaultMode).toList();
    }

    /** {@code rw} is the engine's default mode: leave it out, so {@code a:/b:rw} and {@code a:/b} are one mount. */
    static String withoutDefaultMode(String volume) {
        return volume.endsWith(":rw") && volume.split(":").length == 3 ? volume.substring(0, volume.length() - 3)
                : volume;
    }

    /** The container path of a volume entry ({@code source:target[:mode]} or an anonymous {@code target}). */
    static String mountTarget(String volume) {
        String[] parts = volume.split(":");
        return parts.length == 1 ? parts[0] : parts[1];
    }

    private static Optional<String> volume(Composition c, ServiceContext ctx, Object entry, List<String> warnings) {
        if (entry instanceof Map<?, ?> map) {
            Object type = map.get("type");
            Object source = map.get("source");
            Object target = map.get("target");
            if (target == null) {
                throw c.invalid("volumes", "a long-form volume needs a target");
            }
            if ("tmpfs".equals(type)) {
                return Optional.empty();
            }
            String mode = Boolean.TRUE.equals(map.get("read_only")) ? ":ro" : "";
            if ("bind".equals(type) || (source != null && source.toString().startsWith("/"))) {
                warnings.add("Ignoring invalid bind mount " + source + ":" + target);
                return Optional.empty();
            }
            return Optional.of(source == null ? target.toString()
                    : ctx.appId() + "_" + source + ":" + target + mode);
        }
        String text = entry.toString();
        String[] parts = text.split(":");
        if (parts.length == 1) {
            return Optional.of(text);
        }
        String source = parts[0];
        if (source.startsWith("/") || source.startsWith(".") || source.startsWith("~")) {
            warnings.add("Ignoring invalid bind mount " + text);
            return Optional.empty();
        }
        return Optional.of(ctx.appId() + "_" + text);
    }

    private void featureBinds(Map<String, String> labels, Set<String> out, List<String> warnings) {
        if (Features.enabled(labels, "balena-socket")) {
            host.engineSocket().ifPresentOrElse(socket -> {
                out.add(socket + ":/host/run/balena-engine.sock");
                out.add(socket + ":" + socket);
                out.add(socket + ":/var/run/balena.sock");
            }, () -> warnings.add("Not mounting the engine socket (balena-socket): the engine is not reached "
                    + "through a unix socket"));
        }
        bindIfPresent(labels, "dbus", "/run/dbus", "/host/run/dbus", "", out, warnings);
        bindIfPresent(labels, "kernel-modules", "/lib/modules", "/lib/modules", "", out, warnings);
        bindIfPresent(labels, "firmware", "/lib/firmware", "/lib/firmware", "", out, warnings);
        bindIfPresent(labels, "journal-logs", "/var/log/journal", "/var/log/journal", ":ro", out, warnings);
        bindIfPresent(labels, "journal-logs", "/run/log/journal", "/run/log/journal", ":ro", out, warnings);
        bindIfPresent(labels, "journal-logs", "/etc/machine-id", "/etc/machine-id", ":ro", out, warnings);
        bindIfPresent(labels, "sysfs", "/sys", "/sys", "", out, warnings);
        bindIfPresent(labels, "procfs", "/proc", "/proc", "", out, warnings);
        if (Features.enabled(labels, "extra-firmware")) {
            out.add("extra-firmware:/extra-firmware");
        }
    }

    private void bindIfPresent(Map<String, String> labels, String feature, String hostPath, String containerPath,
            String mode, Set<String> out, List<String> warnings) {
        if (!Features.enabled(labels, feature)) {
            return;
        }
        if (host.exists().test(Path.of(hostPath))) {
            out.add(hostPath + ":" + containerPath + mode);
        } else {
            warnings.add("Not mounting " + hostPath + " (" + feature + "): the host has no such path");
        }
    }

    private static List<String> tmpfs(Composition c) {
        List<String> out = new ArrayList<>(c.strings("tmpfs"));
        Object value = c.raw("volumes");
        if (value instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map && "tmpfs".equals(map.get("type"))) {
                    out.add(map.get("target").toString());
                }
            }
        }
        return out;
    }

    private static Optional<Healthcheck> healthcheck(Composition c, Optional<Healthcheck> fromImage) {
        Object value = c.raw("healthcheck");
        if (value == null) {
            return fromImage;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw c.invalid("healthcheck", "must be an object");
        }
        if (Boolean.TRUE.equals(map.get("disable")) || "true".equals(String.valueOf(map.get("disable")))) {
            return Optional.of(new Healthcheck(List.of("NONE"), 0, 0, 0, 0));
        }
        Healthcheck base = fromImage.orElse(new Healthcheck(List.of(), 0, 0, 0, 0));
        Object test = map.get("test");
        List<String> command = test == null ? base.test()
                : test instanceof String s ? List.of("CMD-SHELL", s)
                : ((List<?>) test).stream().map(Object::toString).toList();
        return Optional.of(new Healthcheck(command, duration(c, map, "interval", base.intervalNanos()),
                duration(c, map, "timeout", base.timeoutNanos()),
                duration(c, map, "start_period", base.startPeriodNanos()),
                map.get("retries") == null ? base.retries() : Integer.parseInt(map.get("retries").toString())));
    }

    private static long duration(Composition c, Map<?, ?> map, String key, long fallback) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        return Quantities.nanos(value)
                .orElseThrow(() -> c.invalid("healthcheck", key + " must be a duration such as 30s"));
    }

    private static String restart(Composition c) {
        String policy = c.string("restart").orElse("always");
        String name = policy.split(":", 2)[0];
        boolean retries = policy.matches("on-failure:\\d+");
        return RESTART_POLICIES.contains(policy) || retries ? policy : RESTART_POLICIES.contains(name) ? name
                : "always";
    }

    private static List<PortMapping> ports(Composition c) {
        Object value = c.raw("ports");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw c.invalid("ports", "must be a list");
        }
        return list.stream().flatMap(p -> PortSpecs.parse(p).stream()).toList();
    }

    /** Capabilities as the engine stores them: upper case with the {@code CAP_} prefix. */
    static List<String> capabilities(List<String> caps) {
        return caps.stream().map(cap -> cap.toUpperCase(java.util.Locale.ROOT))
                .map(cap -> cap.equals("ALL") || cap.startsWith("CAP_") ? cap : "CAP_" + cap).toList();
    }

    /** {@code host[:container[:permissions]]} with balena's defaults: the same path, {@code rwm}. */
    static String device(String spec) {
        String[] parts = spec.split(":");
        String inContainer = parts.length > 1 ? parts[1] : parts[0];
        String permissions = parts.length > 2 ? parts[2] : "rwm";
        return parts[0] + ":" + inContainer + ":" + permissions;
    }

    private static List<String> extraHosts(Composition c) {
        Object value = c.raw("extraHosts");
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList();
        }
        return c.strings("extraHosts").stream().map(h -> h.contains("=") ? h.replaceFirst("=", ":") : h).toList();
    }

    private static Map<String, Ulimit> ulimits(Composition c) {
        Object value = c.raw("ulimits");
        Map<String, Ulimit> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw c.invalid("ulimits", "must be an object");
        }
        map.forEach((name, limit) -> {
            if (limit instanceof Map<?, ?> pair) {
                out.put(name.toString(), new Ulimit(number(c, pair.get("soft")), number(c, pair.get("hard"))));
            } else {
                long n = number(c, limit);
                out.put(name.toString(), new Ulimit(n, n));
            }
        });
        return out;
    }

    private static long number(Composition c, Object value) {
        try {
            return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw c.invalid("ulimits", "'" + value + "' is not a number");
        }
    }

    private static Optional<Long> bytes(Composition c, String name) {
        Object value = c.raw(name);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(Quantities.bytes(value)
                .orElseThrow(() -> c.invalid(name, "'" + value + "' is not a size such as 64m or 1g")));
    }
}
