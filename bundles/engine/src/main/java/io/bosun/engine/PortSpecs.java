package io.bosun.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose {@code ports} in every form: {@code "80"}, {@code "8080:80"}, {@code "127.0.0.1:8080:80/udp"},
 * ranges {@code "8000-8001:80-81"}, numbers, and the long form {@code {target, published, protocol, host_ip}}.
 * A port without a host port is published on the same host port, as balena does.
 */
final class PortSpecs {
    // balena's PORTS_REGEX: [host_ip:][host[-hostEnd]:]container[-containerEnd][/protocol]
    private static final Pattern SHORT = Pattern.compile(
            "^(?:(?:([a-fA-F\\d.:]+):)?(\\d*)(?:-(\\d+))?:)?(\\d+)(?:-(\\d+))?(?:/(udp|tcp))?$");

    private PortSpecs() {
    }

    static List<PortMapping> parse(Object spec) {
        if (spec instanceof Number n) {
            return parse(n.toString());
        }
        if (spec instanceof Map<?, ?> map) {
            return List.of(longForm(map));
        }
        String text = spec.toString().strip();
        Matcher m = SHORT.matcher(text);
        if (!m.matches()) {
            throw new InvalidServiceException("composition.ports: cannot read port definition '" + text + "'");
        }
        String hostIp = m.group(1) == null ? "" : m.group(1);
        int internal = Integer.parseInt(m.group(4));
        int internalEnd = m.group(5) == null ? internal : Integer.parseInt(m.group(5));
        int external = m.group(2) == null || m.group(2).isEmpty() ? internal : Integer.parseInt(m.group(2));
        int externalEnd = m.group(3) != null ? Integer.parseInt(m.group(3))
                : external + (internalEnd - internal);
        if (externalEnd - external != internalEnd - internal || internalEnd < internal) {
            throw new InvalidServiceException("composition.ports: the ranges of '" + text + "' differ in length");
        }
        String protocol = m.group(6) == null ? "tcp" : m.group(6);
        List<PortMapping> out = new ArrayList<>();
        for (int i = 0; i <= internalEnd - internal; i++) {
            out.add(new PortMapping(hostIp, external + i, internal + i, protocol));
        }
        return out;
    }

    private static PortMapping longForm(Map<?, ?> map) {
        Object target = map.get("target");
        if (target == null || !target.toString().matches("\\d+")) {
            throw new InvalidServiceException("composition.ports: the long form needs a numeric target");
        }
        int container = Integer.parseInt(target.toString());
        Object published = map.get("published");
        int host = published == null ? container : Integer.parseInt(published.toString());
        Object protocol = map.get("protocol");
        Object hostIp = map.get("host_ip");
        return new PortMapping(hostIp == null ? "" : hostIp.toString(), host, container,
                protocol == null ? "tcp" : protocol.toString());
    }
}
