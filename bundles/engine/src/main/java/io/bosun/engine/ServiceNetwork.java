package io.bosun.engine;

import java.util.List;
import java.util.Optional;

/**
 * How a service joins one network: the aliases it answers to and the addresses it asked for. Only what the
 * service configured is held; addresses the engine assigned are not.
 */
record ServiceNetwork(List<String> aliases, Optional<String> ipv4Address, Optional<String> ipv6Address,
        List<String> linkLocalIps) {

    public ServiceNetwork {
        aliases = aliases == null ? List.of() : aliases.stream().distinct().sorted().toList();
        ipv4Address = ipv4Address == null ? Optional.empty() : ipv4Address;
        ipv6Address = ipv6Address == null ? Optional.empty() : ipv6Address;
        linkLocalIps = linkLocalIps == null ? List.of() : linkLocalIps.stream().sorted().toList();
    }
}
