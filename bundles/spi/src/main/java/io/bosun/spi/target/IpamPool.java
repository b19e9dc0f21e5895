package io.bosun.spi.target;

import java.util.Map;
import java.util.Optional;

/**
 * One IPAM address pool.
 *
 * @param subnet the subnet in CIDR form
 * @param gateway the gateway address
 * @param ipRange the range addresses are allocated from
 * @param auxAddresses auxiliary addresses by host name
 */
public record IpamPool(Optional<String> subnet, Optional<String> gateway, Optional<String> ipRange,
        Map<String, String> auxAddresses) {
    public IpamPool {
        subnet = subnet == null ? Optional.empty() : subnet;
        gateway = gateway == null ? Optional.empty() : gateway;
        ipRange = ipRange == null ? Optional.empty() : ipRange;
        auxAddresses = Maps.copy(auxAddresses);
    }
}
