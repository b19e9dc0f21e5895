package io.bosun.engine;

import java.util.Comparator;
import java.util.Objects;

/**
 * One published container port. A compose range ({@code 8000-8001:80-81}) becomes one mapping per port.
 *
 * @param hostIp the host address to bind, empty for every address
 * @param hostPort the host port, 0 for one the engine picks
 * @param containerPort the port inside the container
 * @param protocol {@code tcp} or {@code udp}
 */
record PortMapping(String hostIp, int hostPort, int containerPort, String protocol)
        implements Comparable<PortMapping> {

    private static final Comparator<PortMapping> ORDER = Comparator.comparingInt(PortMapping::containerPort)
            .thenComparing(PortMapping::protocol).thenComparing(PortMapping::hostIp)
            .thenComparingInt(PortMapping::hostPort);

    public PortMapping {
        Objects.requireNonNull(hostIp, "hostIp");
        Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public int compareTo(PortMapping other) {
        return ORDER.compare(this, other);
    }
}
