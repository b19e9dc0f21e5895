package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.ServiceIdentity;
import io.bosun.spi.engine.ServiceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an engine container inspect back into the service model, undoing what the engine adds on its own
 * (the container-id host name and alias, the {@code rw} mode, the device name set at creation), so a container
 * made from a definition reads back equal to it.
 */
final class ContainerReader {
    // balena's container name: <serviceName>_<imageId>_<releaseId>[_<commit>]
    private static final Pattern NAME = Pattern.compile("^(.*)_(\\d+)_(\\d+)(?:_(.*?))?$");
    private static final Set<String> AT_CREATE = Set.of("BALENA_DEVICE_NAME_AT_INIT", "RESIN_DEVICE_NAME_AT_INIT");

    private ContainerReader() {
    }

    /** Whether a container (list or inspect entry labels) is one the supervisor made. */
    static boolean supervised(Map<String, String> labels) {
        return "true".equals(labels.get(Features.SUPERVISED)) || "true".equals(labels.get(Features.LEGACY_SUPERVISED));
    }

    /**
     * @param serviceOfContainer the service name of another container of the same app, by container id, for
     *        {@code network_mode: service:<name>}
     */
    static Optional<ContainerView> read(JsonNode inspect, Function<String, Optional<String>> serviceOfContainer) {
        JsonNode config = inspect.path("Config");
        Map<String, String> labels = Json.stringMap(config.path("Labels"));
        if (!supervised(labels)) {
            return Optional.empty();
        }
        Map<String, String> balenaLabels = Features.normalise(labels);
        String id = inspect.path("Id").asText();
        String name = inspect.path("Name").asText().replaceFirst("^/", "");
        Matcher m = NAME.matcher(name);
        if (!m.matches() || !balenaLabels.containsKey(Features.APP_ID)) {
            return Optional.empty();
        }
        long appId = Long.parseLong(balenaLabels.get(Features.APP_ID));
        ServiceIdentity identity = new ServiceIdentity(appId,
                balenaLabels.getOrDefault(Features.APP_UUID, Long.toString(appId)),
                balenaLabels.getOrDefault(Features.SERVICE_NAME, m.group(1)),
                Long.parseLong(balenaLabels.getOrDefault(Features.SERVICE_ID, "0")), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), m.group(4) == null ? "" : m.group(4));
        return Optional.of(new ContainerView(id, name, identity, config.path("Image").asText(),
                status(inspect.path("State")), Instant.parse(inspect.path("Created").asText()),
                config(inspect, serviceOfContainer).facts(), inspect.path("State").path("Error").asText()));
    }

    static ServiceStatus status(JsonNode state) {
        return switch (state.path("Status").asText()) {
            case "running" -> state.path("Restarting").asBoolean() ? ServiceStatus.RESTARTING : ServiceStatus.RUNNING;
            case "created" -> ServiceStatus.INSTALLED;
            case "dead" -> ServiceStatus.DEAD;
            case "paused" -> ServiceStatus.PAUSED;
            case "restarting" -> ServiceStatus.RESTARTING;
            case "removing" -> ServiceStatus.REMOVING;
            default -> ServiceStatus.EXITED;
        };
    }

    static ServiceConfig config(JsonNode inspect, Function<String, Optional<String>> serviceOfContainer) {
        String id = inspect.path("Id").asText();
        String shortId = id.length() >= 12 ? id.substring(0, 12) : id;
        JsonNode c = inspect.path("Config");
        JsonNode h = inspect.path("HostConfig");
        ServiceConfig.Builder b = ServiceConfig.builder().image(inspect.path("Image").asText());
        b.command(Json.strings(c.path("Cmd"))).entrypoint(Json.strings(c.path("Entrypoint")));
        Map<String, String> env = Json.envMap(c.path("Env"));
        env.keySet().removeAll(AT_CREATE);
        // The engine copies the image's labels into the container in their own spelling (io.resin.*); the
        // definition names them io.balena.*, so both sides are compared with balena's names.
        b.environment(env).labels(Features.normalise(Json.stringMap(c.path("Labels"))));
        b.workingDir(c.path("WorkingDir").asText()).user(c.path("User").asText());
        String hostname = c.path("Hostname").asText();
        b.hostname(hostname.equals(shortId) ? "" : hostname).domainname(c.path("Domainname").asText());
        b.tty(c.path("Tty").asBoolean());
        b.stopSignal(Json.text(c.path("StopSignal")).orElse("SIGTERM"));
        b.stopGracePeriodSeconds(c.path("StopTimeout").isNumber() ? c.path("StopTimeout").asLong() : 10);
        b.macAddress(c.path("MacAddress").asText());
        b.healthcheck(healthcheck(c.path("Healthcheck")));

        List<String> binds = Json.strings(h.path("Binds")).stream().map(ServiceComposer::withoutDefaultMode).toList();
        List<String> volumes = new ArrayList<>(binds);
        List<String> bindTargets = binds.stream().map(ServiceComposer::mountTarget).toList();
        Json.keys(c.path("Volumes")).stream().filter(path -> !bindTargets.contains(path)).forEach(volumes::add);
        b.volumes(volumes);
        List<String> tmpfs = new ArrayList<>();
        Json.stringMap(h.path("Tmpfs")).forEach((path, opts) -> tmpfs.add(opts.isEmpty() ? path : path + ":" + opts));
        b.tmpfs(tmpfs);
        b.ports(ports(h.path("PortBindings")));

        String networkMode = h.path("NetworkMode").asText();
        if (networkMode.startsWith("container:")) {
            String target = networkMode.substring("container:".length());
            networkMode = serviceOfContainer.apply(target).map(s -> "service:" + s).orElse(networkMode);
        }
        b.networkMode(networkMode);
        b.networks(networks(inspect.path("NetworkSettings").path("Networks"), networkMode, shortId, hostname));

        JsonNode restart = h.path("RestartPolicy");
        String policy = restart.path("Name").asText();
        int retries = restart.path("MaximumRetryCount").asInt();
        b.restart(policy.isEmpty() ? "no" : policy.equals("on-failure") && retries > 0 ? policy + ":" + retries
                : policy);
        b.privileged(h.path("Privileged").asBoolean()).init(h.path("Init").asBoolean())
                .readOnly(h.path("ReadonlyRootfs").asBoolean());
        b.capAdd(ServiceComposer.capabilities(Json.strings(h.path("CapAdd"))));
        b.capDrop(ServiceComposer.capabilities(Json.strings(h.path("CapDrop"))));
        List<String> devices = new ArrayList<>();
        h.path("Devices").forEach(d -> devices.add(d.path("PathOnHost").asText() + ":"
                + d.path("PathInContainer").asText() + ":" + d.path("CgroupPermissions").asText()));
        b.devices(devices);
        b.dns(Json.strings(h.path("Dns"))).dnsOpt(Json.strings(h.path("DnsOptions")))
                .dnsSearch(Json.strings(h.path("DnsSearch"))).extraHosts(Json.strings(h.path("ExtraHosts")))
                .groupAdd(Json.strings(h.path("GroupAdd")));
        b.securityOpt(Json.strings(h.path("SecurityOpt")).stream().filter(s -> !s.startsWith("label=")).toList());
        b.sysctls(Json.stringMap(h.path("Sysctls")));
        Map<String, Ulimit> ulimits = new LinkedHashMap<>();
        h.path("Ulimits").forEach(u -> ulimits.put(u.path("Name").asText(),
                new Ulimit(u.path("Soft").asLong(), u.path("Hard").asLong())));
        b.ulimits(ulimits);
        b.shmSize(h.path("ShmSize").asLong()).memLimit(h.path("Memory").asLong())
                .memReservation(h.path("MemoryReservation").asLong()).nanoCpus(h.path("NanoCpus").asLong())
                .cpuShares(h.path("CpuShares").asLong()).cpuQuota(h.path("CpuQuota").asLong())
                .cpuset(h.path("CpusetCpus").asText()).oomKillDisable(h.path("OomKillDisable").asBoolean())
                .oomScoreAdj(h.path("OomScoreAdj").asInt()).ipc(h.path("IpcMode").asText())
                .pid(h.path("PidMode").asText()).pidsLimit(Math.max(0, h.path("PidsLimit").asLong()))
                .usernsMode(h.path("UsernsMode").asText()).cgroupParent(h.path("CgroupParent").asText());
        b.storageOpt(Json.stringMap(h.path("StorageOpt")));
        boolean gpu = false;
        for (JsonNode request : h.path("DeviceRequests")) {
            gpu |= request.path("Capabilities").toString().contains("\"gpu\"");
        }
        b.gpu(gpu);
        return b.build();
    }

    /** A health check as the engine writes it, in a container's or an image's config. */
    static Optional<Healthcheck> healthcheck(JsonNode hc) {
        if (!hc.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Healthcheck(Json.strings(hc.path("Test")), hc.path("Interval").asLong(),
                hc.path("Timeout").asLong(), hc.path("StartPeriod").asLong(), hc.path("Retries").asInt()));
    }

    private static List<PortMapping> ports(JsonNode bindings) {
        List<PortMapping> out = new ArrayList<>();
        bindings.fields().forEachRemaining(e -> {
            String[] key = e.getKey().split("/");
            int container = Integer.parseInt(key[0]);
            String protocol = key.length > 1 ? key[1] : "tcp";
            for (JsonNode binding : e.getValue()) {
                String hostPort = binding.path("HostPort").asText();
                out.add(new PortMapping(binding.path("HostIp").asText(),
                        hostPort.isEmpty() ? 0 : Integer.parseInt(hostPort), container, protocol));
            }
        });
        return out;
    }

    /** The engine adds the short id and, on connect, the host name as aliases: neither was asked for. */
    private static Map<String, ServiceNetwork> networks(JsonNode networks, String networkMode, String shortId,
            String hostname) {
        Map<String, ServiceNetwork> out = new LinkedHashMap<>();
        boolean ownStack = !(networkMode.equals("host") || networkMode.equals("none") || networkMode.equals("bridge")
                || networkMode.startsWith("service:") || networkMode.startsWith("container:"));
        if (!ownStack) {
            return out;
        }
        networks.fields().forEachRemaining(e -> {
            JsonNode endpoint = e.getValue();
            List<String> aliases = Json.strings(endpoint.path("Aliases")).stream().filter(a -> !a.equals(shortId) && !a.equals(hostname))
                    .toList();
            JsonNode ipam = endpoint.path("IPAMConfig");
            out.put(e.getKey(), new ServiceNetwork(aliases, Json.text(ipam.path("IPv4Address")),
                    Json.text(ipam.path("IPv6Address")), Json.strings(ipam.path("LinkLocalIPs"))));
        });
        return out;
    }
}
