package io.bosun.engine;

import io.bosun.spi.engine.ServiceFacts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything about a service's container that, when it differs, means the container must be made anew. The
 * engine bundle builds it the same way from a target service and from a running container, with defaults and
 * engine-added values filled in on both sides, so "current equals target" is {@link #equals}. Lists whose
 * order does not matter are sorted and maps are sorted by key, so equal settings compare equal however they
 * were written. Not held, because they never force a new container: whether it runs, and the device name.
 *
 * @param image the engine's image id once the image is on the device
 * @param command the command (the image's when the service sets none)
 * @param entrypoint the entrypoint (the image's when the service sets none)
 * @param environment image, injected and service variables, service values winning
 * @param labels image, service and supervisor labels
 * @param workingDir the working directory, no trailing slash
 * @param user the user
 * @param hostname the host name the service set, empty for the engine's
 * @param domainname the domain name
 * @param restart no, always, on-failure[:n] or unless-stopped
 * @param privileged privileged mode
 * @param tty a terminal
 * @param init an init process
 * @param readOnly a read-only root file system
 * @param ports published ports, sorted
 * @param volumes binds and named volumes as {@code source:target[:mode]}, anonymous ones as the path, sorted
 * @param tmpfs tmpfs mounts as {@code path[:options]}, sorted
 * @param networkMode the network mode: an engine network name, host, none or service:<name>
 * @param networks the engine networks joined, by engine name
 * @param capAdd added capabilities, sorted
 * @param capDrop dropped capabilities, sorted
 * @param devices devices as {@code host:container:permissions}, sorted
 * @param dns DNS servers, in order
 * @param dnsOpt DNS options, sorted
 * @param dnsSearch DNS search domains, in order
 * @param extraHosts extra hosts as {@code host:ip}, sorted
 * @param groupAdd additional groups, sorted
 * @param securityOpt security options without SELinux labels, sorted
 * @param sysctls kernel parameters
 * @param ulimits resource limits by name
 * @param healthcheck the health check (the image's merged with the service's)
 * @param stopSignal the stop signal (the image's when the service sets none)
 * @param stopGracePeriodSeconds seconds between the stop signal and SIGKILL
 * @param shmSize bytes of /dev/shm
 * @param memLimit memory limit in bytes, 0 for none
 * @param memReservation memory reservation in bytes, 0 for none
 * @param nanoCpus CPU quota in billionths of a CPU, 0 for none
 * @param cpuShares CPU shares, 0 for the default
 * @param cpuQuota CPU CFS quota, 0 for none
 * @param cpuset the CPUs allowed
 * @param oomKillDisable whether the OOM killer spares the container
 * @param oomScoreAdj the OOM score adjustment
 * @param ipc the IPC mode
 * @param pid the PID mode
 * @param pidsLimit the PID limit, 0 for none
 * @param usernsMode the user namespace mode
 * @param cgroupParent the parent cgroup
 * @param macAddress the MAC address
 * @param gpu whether the container asks for a GPU (the gpu feature label)
 * @param storageOpt storage driver options
 */
record ServiceConfig(
        String image,
        List<String> command,
        List<String> entrypoint,
        Map<String, String> environment,
        Map<String, String> labels,
        String workingDir,
        String user,
        String hostname,
        String domainname,
        String restart,
        boolean privileged,
        boolean tty,
        boolean init,
        boolean readOnly,
        List<PortMapping> ports,
        List<String> volumes,
        List<String> tmpfs,
        String networkMode,
        Map<String, ServiceNetwork> networks,
        List<String> capAdd,
        List<String> capDrop,
        List<String> devices,
        List<String> dns,
        List<String> dnsOpt,
        List<String> dnsSearch,
        List<String> extraHosts,
        List<String> groupAdd,
        List<String> securityOpt,
        Map<String, String> sysctls,
        Map<String, Ulimit> ulimits,
        Optional<Healthcheck> healthcheck,
        String stopSignal,
        long stopGracePeriodSeconds,
        long shmSize,
        long memLimit,
        long memReservation,
        long nanoCpus,
        long cpuShares,
        long cpuQuota,
        String cpuset,
        boolean oomKillDisable,
        int oomScoreAdj,
        String ipc,
        String pid,
        long pidsLimit,
        String usernsMode,
        String cgroupParent,
        String macAddress,
        boolean gpu,
        Map<String, String> storageOpt) {

    public ServiceConfig {
        image = image == null ? "" : image;
        command = command == null ? List.of() : List.copyOf(command);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(environment));
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        hostname = hostname == null ? "" : hostname;
        domainname = domainname == null ? "" : domainname;
        restart = restart == null ? "" : restart;
        ports = ports == null ? List.of() : ports.stream().distinct().sorted().toList();
        volumes = volumes == null ? List.of() : volumes.stream().distinct().sorted().toList();
        tmpfs = tmpfs == null ? List.of() : tmpfs.stream().distinct().sorted().toList();
        networkMode = networkMode == null ? "" : networkMode;
        networks = networks == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(networks));
        capAdd = capAdd == null ? List.of() : capAdd.stream().distinct().sorted().toList();
        capDrop = capDrop == null ? List.of() : capDrop.stream().distinct().sorted().toList();
        devices = devices == null ? List.of() : devices.stream().distinct().sorted().toList();
        dns = dns == null ? List.of() : List.copyOf(dns);
        dnsOpt = dnsOpt == null ? List.of() : dnsOpt.stream().distinct().sorted().toList();
        dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
        extraHosts = extraHosts == null ? List.of() : extraHosts.stream().distinct().sorted().toList();
        groupAdd = groupAdd == null ? List.of() : groupAdd.stream().distinct().sorted().toList();
        securityOpt = securityOpt == null ? List.of() : securityOpt.stream().distinct().sorted().toList();
        sysctls = sysctls == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(sysctls));
        ulimits = ulimits == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(ulimits));
        healthcheck = healthcheck == null ? Optional.empty() : healthcheck;
        stopSignal = stopSignal == null ? "" : stopSignal;
        cpuset = cpuset == null ? "" : cpuset;
        ipc = ipc == null ? "" : ipc;
        pid = pid == null ? "" : pid;
        usernsMode = usernsMode == null ? "" : usernsMode;
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        macAddress = macAddress == null ? "" : macAddress;
        storageOpt = storageOpt == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(storageOpt));
    }

    /** A builder holding the engine's defaults (restart always, tty, SIGTERM, 10 s, 64 MiB shm, shareable IPC). */
    static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * What the other bundles see of this configuration. The digest covers every setting: records print every
     * component, and every list and map here is in a canonical order, so equal configurations print alike.
     */
    ServiceFacts facts() {
        Set<String> joined = new TreeSet<>(networks.keySet());
        if (!networkMode.isEmpty() && !ownStackless(networkMode)) {
            joined.add(networkMode);
        }
        return new ServiceFacts(image, labels, environment, joined, volumes, digest());
    }

    /** A network mode that is not an app network: the host's stack, none, the default bridge, another's stack. */
    static boolean ownStackless(String networkMode) {
        return networkMode.equals("host") || networkMode.equals("none") || networkMode.equals("bridge")
                || networkMode.startsWith("service:") || networkMode.startsWith("container:");
    }

    String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * The names of the settings that differ from another configuration, in declaration order; empty when equal.
     * For the log line that says why a container is replaced.
     */
    List<String> differences(ServiceConfig other) {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : ServiceConfig.class.getRecordComponents()) {
            if (!value(component, this).equals(value(component, other))) {
                names.add(component.getName());
            }
        }
        return names;
    }

    private static Object value(RecordComponent component, ServiceConfig config) {
        try {
            return component.getAccessor().invoke(config);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds a {@link ServiceConfig}; unset values keep the engine's defaults. */
    static final class Builder {
        private String image = "";
        private List<String> command = List.of();
        private List<String> entrypoint = List.of();
        private Map<String, String> environment = Map.of();
        private Map<String, String> labels = Map.of();
        private String workingDir = "";
        private String user = "";
        private String hostname = "";
        private String domainname = "";
        private String restart = "always";
        private boolean privileged = false;
        private boolean tty = true;
        private boolean init = false;
        private boolean readOnly = false;
        private List<PortMapping> ports = List.of();
        private List<String> volumes = List.of();
        private List<String> tmpfs = List.of();
        private String networkMode = "";
        private Map<String, ServiceNetwork> networks = Map.of();
        private List<String> capAdd = List.of();
        private List<String> capDrop = List.of();
        private List<String> devices = List.of();
        private List<String> dns = List.of();
        private List<String> dnsOpt = List.of();
        private List<String> dnsSearch = List.of();
        private List<String> extraHosts = List.of();
        private List<String> groupAdd = List.of();
        private List<String> securityOpt = List.of();
        private Map<String, String> sysctls = Map.of();
        private Map<String, Ulimit> ulimits = Map.of();
        private Optional<Healthcheck> healthcheck = Optional.empty();
        private String stopSignal = "SIGTERM";
        private long stopGracePeriodSeconds = 10;
        private long shmSize = 64L * 1024 * 1024;
        private long memLimit = 0;
        private long memReservation = 0;
        private long nanoCpus = 0;
        private long cpuShares = 0;
        private long cpuQuota = 0;
        private String cpuset = "";
        private boolean oomKillDisable = false;
        private int oomScoreAdj = 0;
        private String ipc = "shareable";
        private String pid = "";
        private long pidsLimit = 0;
        private String usernsMode = "";
        private String cgroupParent = "";
        private String macAddress = "";
        private boolean gpu = false;
        private Map<String, String> storageOpt = Map.of();

        Builder() {
        }

        Builder(ServiceConfig config) {
            image = config.image;
            command = config.command;
            entrypoint = config.entrypoint;
            environment = config.environment;
            labels = config.labels;
            workingDir = config.workingDir;
            user = config.user;
            hostname = config.hostname;
            domainname = config.domainname;
            restart = config.restart;
            privileged = config.privileged;
            tty = config.tty;
            init = config.init;
            readOnly = config.readOnly;
            ports = config.ports;
            volumes = config.volumes;
            tmpfs = config.tmpfs;
            networkMode = config.networkMode;
            networks = config.networks;
            capAdd = config.capAdd;
            capDrop = config.capDrop;
            devices = config.devices;
            dns = config.dns;
            dnsOpt = config.dnsOpt;
            dnsSearch = config.dnsSearch;
            extraHosts = config.extraHosts;
            groupAdd = config.groupAdd;
            securityOpt = config.securityOpt;
            sysctls = config.sysctls;
            ulimits = config.ulimits;
            healthcheck = config.healthcheck;
            stopSignal = config.stopSignal;
            stopGracePeriodSeconds = config.stopGracePeriodSeconds;
            shmSize = config.shmSize;
            memLimit = config.memLimit;
            memReservation = config.memReservation;
            nanoCpus = config.nanoCpus;
            cpuShares = config.cpuShares;
            cpuQuota = config.cpuQuota;
            cpuset = config.cpuset;
            oomKillDisable = config.oomKillDisable;
            oomScoreAdj = config.oomScoreAdj;
            ipc = config.ipc;
            pid = config.pid;
            pidsLimit = config.pidsLimit;
            usernsMode = config.usernsMode;
            cgroupParent = config.cgroupParent;
            macAddress = config.macAddress;
            gpu = config.gpu;
            storageOpt = config.storageOpt;
        }

        public Builder image(String value) { this.image = value; return this; }
        public Builder command(List<String> value) { this.command = value; return this; }
        public Builder entrypoint(List<String> value) { this.entrypoint = value; return this; }
        public Builder environment(Map<String, String> value) { this.environment = value; return this; }
        public Builder labels(Map<String, String> value) { this.labels = value; return this; }
        public Builder workingDir(String value) { this.workingDir = value; return this; }
        public Builder user(String value) { this.user = value; return this; }
        public Builder hostname(String value) { this.hostname = value; return this; }
        public Builder domainname(String value) { this.domainname = value; return this; }
        public Builder restart(String value) { this.restart = value; return this; }
        public Builder privileged(boolean value) { this.privileged = value; return this; }
        public Builder tty(boolean value) { this.tty = value; return this; }
        public Builder init(boolean value) { this.init = value; return this; }
        public Builder readOnly(boolean value) { this.readOnly = value; return this; }
        public Builder ports(List<PortMapping> value) { this.ports = value; return this; }
        public Builder volumes(List<String> value) { this.volumes = value; return this; }
        public Builder tmpfs(List<String> value) { this.tmpfs = value; return this; }
        public Builder networkMode(String value) { this.networkMode = value; return this; }
        public Builder networks(Map<String, ServiceNetwork> value) { this.networks = value; return this; }
        public Builder capAdd(List<String> value) { this.capAdd = value; return this; }
        public Builder capDrop(List<String> value) { this.capDrop = value; return this; }
        public Builder devices(List<String> value) { this.devices = value; return this; }
        public Builder dns(List<String> value) { this.dns = value; return this; }
        public Builder dnsOpt(List<String> value) { this.dnsOpt = value; return this; }
        public Builder dnsSearch(List<String> value) { this.dnsSearch = value; return this; }
        public Builder extraHosts(List<String> value) { this.extraHosts = value; return this; }
        public Builder groupAdd(List<String> value) { this.groupAdd = value; return this; }
        public Builder securityOpt(List<String> value) { this.securityOpt = value; return this; }
        public Builder sysctls(Map<String, String> value) { this.sysctls = value; return this; }
        public Builder ulimits(Map<String, Ulimit> value) { this.ulimits = value; return this; }
        public Builder healthcheck(Optional<Healthcheck> value) { this.healthcheck = value; return this; }
        public Builder stopSignal(String value) { this.stopSignal = value; return this; }
        public Builder stopGracePeriodSeconds(long value) { this.stopGracePeriodSeconds = value; return this; }
        public Builder shmSize(long value) { this.shmSize = value; return this; }
        public Builder memLimit(long value) { this.memLimit = value; return this; }
        public Builder memReservation(long value) { this.memReservation = value; return this; }
        public Builder nanoCpus(long value) { this.nanoCpus = value; return this; }
        public Builder cpuShares(long value) { this.cpuShares = value; return this; }
        public Builder cpuQuota(long value) { this.cpuQuota = value; return this; }
        public Builder cpuset(String value) { this.cpuset = value; return this; }
        public Builder oomKillDisable(boolean value) { this.oomKillDisable = value; return this; }
        public Builder oomScoreAdj(int value) { this.oomScoreAdj = value; return this; }
        public Builder ipc(String value) { this.ipc = value; return this; }
        public Builder pid(String value) { this.pid = value; return this; }
        public Builder pidsLimit(long value) { this.pidsLimit = value; return this; }
        public Builder usernsMode(String value) { this.usernsMode = value; return this; }
        public Builder cgroupParent(String value) { this.cgroupParent = value; return this; }
        public Builder macAddress(String value) { this.macAddress = value; return this; }
        public Builder gpu(boolean value) { this.gpu = value; return this; }
        public Builder storageOpt(Map<String, String> value) { this.storageOpt = value; return this; }
        public ServiceConfig build() {
            return new ServiceConfig(image, command, entrypoint, environment, labels, workingDir, user, hostname, domainname, restart, privileged, tty, init, readOnly, ports, volumes, tmpfs, networkMode, networks, capAdd, capDrop, devices, dns, dnsOpt, dnsSearch, extraHosts, groupAdd, securityOpt, sysctls, ulimits, healthcheck, stopSignal, stopGracePeriodSeconds, shmSize, memLimit, memReservation, nanoCpus, cpuShares, cpuQuota, cpuset, oomKillDisable, oomScoreAdj, ipc, pid, pidsLimit, usernsMode, cgroupParent, macAddress, gpu, storageOpt);
        }
    }
}
