package io.bosun.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's container-create request for a service definition. Every setting of the model is sent
 * explicitly, so what the engine stores reads back into an equal model.
 */
final class ContainerSpec {
    private ContainerSpec() {
    }

    /**
     * @param networkMode the engine's network mode ({@code service:<name>} already resolved to
     *        {@code container:<id>})
     */
    static ObjectNode createRequest(Composed service, String networkMode) {
        ServiceConfig c = service.config();
        ObjectNode body = Json.object();
        body.put("Image", c.image());
        body.set("Cmd", Json.array(c.command()));
        body.set("Entrypoint", Json.array(c.entrypoint()));
        Map<String, String> env = new LinkedHashMap<>(c.environment());
        env.putAll(service.environmentAtCreate());
        body.set("Env", Json.array(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        body.set("Labels", Json.object(c.labels()));
        body.put("WorkingDir", c.workingDir());
        body.put("User", c.user());
        body.put("Hostname", c.hostname());
        body.put("Domainname", c.domainname());
        body.put("Tty", c.tty());
        body.put("StopSignal", c.stopSignal());
        body.put("StopTimeout", c.stopGracePeriodSeconds());
        if (!c.macAddress().isEmpty()) {
            body.put("MacAddress", c.macAddress());
        }
        c.healthcheck().ifPresent(h -> {
            ObjectNode hc = body.putObject("Healthcheck");
            hc.set("Test", Json.array(h.test()));
            hc.put("Interval", h.intervalNanos()).put("Timeout", h.timeoutNanos())
                    .put("StartPeriod", h.startPeriodNanos()).put("Retries", h.retries());
        });
        List<String> anonymous = c.volumes().stream().filter(v -> !v.contains(":")).toList();
        body.set("Volumes", Json.set(anonymous));
        body.set("ExposedPorts", Json.set(c.ports().stream().map(ContainerSpec::portKey).distinct().toList()));
        body.set("HostConfig", hostConfig(c, networkMode));
        ObjectNode endpoints = body.putObject("NetworkingConfig").putObject("EndpointsConfig");
        // The engine (API 1.41) takes one network at create; the others are connected before start.
        ServiceNetwork first = c.networks().get(networkMode);
        if (first != null) {
            endpoints.set(networkMode, endpoint(first));
        }
        return body;
    }

    static ObjectNode endpoint(ServiceNetwork network) {
        ObjectNode endpoint = Json.object();
        endpoint.set("Aliases", Json.array(network.aliases()));
        if (network.ipv4Address().isPresent() || network.ipv6Address().isPresent()
                || !network.linkLocalIps().isEmpty()) {
            ObjectNode ipam = endpoint.putObject("IPAMConfig");
            network.ipv4Address().ifPresent(a -> ipam.put("IPv4Address", a));
            network.ipv6Address().ifPresent(a -> ipam.put("IPv6Address", a));
            if (!network.linkLocalIps().isEmpty()) {
                ipam.set("LinkLocalIPs", Json.array(network.linkLocalIps()));
            }
        }
        return endpoint;
    }

    static String portKey(PortMapping port) {
        return port.containerPort() + "/" + port.protocol();
    }

    private static ObjectNode hostConfig(ServiceConfig c, String networkMode) {
        ObjectNode host = Json.object();
        host.set("Binds", Json.array(c.volumes().stream().filter(v -> v.contains(":")).toList()));
        Map<String, String> tmpfs = new LinkedHashMap<>();
        for (String mount : c.tmpfs()) {
            int colon = mount.indexOf(':');
            tmpfs.put(colon < 0 ? mount : mount.substring(0, colon), colon < 0 ? "" : mount.substring(colon + 1));
        }
        host.set("Tmpfs", Json.object(tmpfs));
        ObjectNode bindings = host.putObject("PortBindings");
        for (PortMapping port : c.ports()) {
            ArrayNode list = bindings.has(portKey(port)) ? (ArrayNode) bindings.get(portKey(port))
                    : bindings.putArray(portKey(port));
            list.addObject().put("HostIp", port.hostIp())
                    .put("HostPort", port.hostPort() == 0 ? "" : Integer.toString(port.hostPort()));
        }
        host.put("NetworkMode", networkMode);
        String[] restart = c.restart().split(":", 2);
        host.putObject("RestartPolicy").put("Name", restart[0])
                .put("MaximumRetryCount", restart.length > 1 ? Integer.parseInt(restart[1]) : 0);
        host.put("Privileged", c.privileged()).put("Init", c.init()).put("ReadonlyRootfs", c.readOnly());
        host.set("CapAdd", Json.array(c.capAdd()));
        host.set("CapDrop", Json.array(c.capDrop()));
        ArrayNode devices = host.putArray("Devices");
        for (String device : c.devices()) {
            String[] parts = device.split(":");
            devices.addObject().put("PathOnHost", parts[0]).put("PathInContainer", parts[1])
                    .put("CgroupPermissions", parts[2]);
        }
        host.set("Dns", Json.array(c.dns()));
        host.set("DnsOptions", Json.array(c.dnsOpt()));
        host.set("DnsSearch", Json.array(c.dnsSearch()));
        host.set("ExtraHosts", Json.array(c.extraHosts()));
        host.set("GroupAdd", Json.array(c.groupAdd()));
        host.set("SecurityOpt", Json.array(c.securityOpt()));
        host.set("Sysctls", Json.object(c.sysctls()));
        ArrayNode ulimits = host.putArray("Ulimits");
        c.ulimits().forEach((name, limit) -> ulimits.addObject().put("Name", name).put("Soft", limit.soft())
                .put("Hard", limit.hard()));
        host.put("ShmSize", c.shmSize()).put("Memory", c.memLimit()).put("MemoryReservation", c.memReservation())
                .put("NanoCpus", c.nanoCpus()).put("CpuShares", c.cpuShares()).put("CpuQuota", c.cpuQuota())
                .put("CpusetCpus", c.cpuset()).put("OomKillDisable", c.oomKillDisable())
                .put("OomScoreAdj", c.oomScoreAdj()).put("IpcMode", c.ipc()).put("PidMode", c.pid())
                .put("PidsLimit", c.pidsLimit()).put("UsernsMode", c.usernsMode())
                .put("CgroupParent", c.cgroupParent());
        host.set("StorageOpt", Json.object(c.storageOpt()));
        if (c.gpu()) {
            ObjectNode gpu = host.putArray("DeviceRequests").addObject();
            gpu.put("Driver", "").put("Count", 1).putArray("DeviceIDs");
            gpu.putArray("Capabilities").addArray().add("gpu");
            gpu.putObject("Options");
        }
        return host;
    }

    /** The networks to connect after create: all but the one given at create. */
    static List<Map.Entry<String, ServiceNetwork>> laterNetworks(ServiceConfig c, String networkMode) {
        List<Map.Entry<String, ServiceNetwork>> out = new ArrayList<>();
        c.networks().entrySet().stream().filter(e -> !e.getKey().equals(networkMode)).forEach(out::add);
        return out;
    }
}
