package io.bosun.support.host;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** What {@code /v1/device} tells of the host: its addresses and its OS, read afresh on each call. */
public final class HostFacts {
    /**
     * Interfaces balena does not report: engine and supervisor bridges, VPN and DNS interfaces, loopback. Bosun
     * adds {@code veth*}, the host ends of container links (balena leaves them out of MAC addresses because they
     * are bridge ports, which Java cannot tell).
     */
    private static final Pattern NOT_REPORTED = Pattern.compile("^(?:(?:balena|docker|rce|tun)[0-9]+|resin-vpn|lo"
            + "|resin-dns|supervisor0|balena-redsocks|resin-redsocks|br-[0-9a-f]{12}|veth.*)$");

    private HostFacts() {
    }

    /** The addresses of the interfaces reported, in the host's order: IPs, and MAC addresses in upper case. */
    public record Addresses(List<String> ips, List<String> macs) {
    }

    public static boolean reported(String interfaceName) {
        return !NOT_REPORTED.matcher(interfaceName).matches();
    }

    public static Addresses addresses() {
        List<String> ips = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual() || !reported(nic.getName())) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (reported(address)) {
                        ips.add(withoutScope(address.getHostAddress()));
                    }
                }
                mac(nic.getHardwareAddress()).filter(m -> !macs.contains(m)).ifPresent(macs::add);
            }
        } catch (SocketException e) {
            // An unreadable interface list reports no address rather than failing the whole answer.
        }
        return new Addresses(ips, macs);
    }

    /** balena's rule: IPv4 that is not internal, IPv6 of global scope. */
    private static boolean reported(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return false;
        }
        return address instanceof Inet4Address
                || address instanceof Inet6Address v6 && !v6.isLinkLocalAddress() && v6.getScopeId() == 0;
    }

    private static String withoutScope(String hostAddress) {
        int percent = hostAddress.indexOf('%');
        return percent < 0 ? hostAddress : hostAddress.substring(0, percent);
    }

    /** An Ethernet address as balena reports it ({@code AA:BB:CC:DD:EE:FF}); none for other link types. */
    public static Optional<String> mac(byte[] hardware) {
        if (hardware == null || hardware.length != 6) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.ofDelimiter(":").withUpperCase().formatHex(hardware));
    }
}
