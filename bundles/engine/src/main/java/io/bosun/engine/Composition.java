package io.bosun.engine;

import io.bosun.support.balena.ComposeKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A service's compose fields as the target sent them (snake_case as in compose files, or camelCase), read
 * with balena's names and types. A value of the wrong type is an {@link InvalidServiceException} naming the
 * field as it was written.
 */
final class Composition {

    /** The compose fields balena supports (its {@code sanitise.ts}); the rest are ignored with a warning. */
    static final Set<String> SUPPORTED = Set.of("capAdd", "capDrop", "command", "cgroupParent", "devices", "dns",
            "dnsOpt", "dnsSearch", "tmpfs", "entrypoint", "environment", "extraHosts", "groupAdd", "healthcheck",
            "image", "init", "labels", "running", "networkMode", "networks", "pid", "pidsLimit", "ports",
            "securityOpt", "stopGracePeriod", "stopSignal", "storageOpt", "sysctls", "ulimits", "usernsMode",
            "volumes", "restart", "cpuShares", "cpuQuota", "cpus", "cpuset", "domainname", "hostname", "ipc",
            "macAddress", "memLimit", "memReservation", "oomKillDisable", "oomScoreAdj", "privileged", "readOnly",
            "shmSize", "user", "workingDir", "tty", "dependsOn");

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, String> written = new LinkedHashMap<>();

    Composition(Map<String, Object> composition) {
        composition.forEach((key, value) -> {
            String name = ComposeKeys.camelCase(key);
            fields.put(name, value);
            written.put(name, key);
        });
    }

    /** The fields Bosun ignores, as they were written, sorted. */
    List<String> unsupported() {
        return new ArrayList<>(new TreeSet<>(fields.keySet().stream().filter(k -> !SUPPORTED.contains(k))
                .map(written::get).toList()));
    }

    boolean has(String name) {
        return fields.get(name) != null;
    }

    Object raw(String name) {
        return fields.get(name);
    }

    Optional<String> string(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(value.toString());
        }
        throw invalid(name, "must be a string");
    }

    Optional<Boolean> bool(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(s));
        }
        throw invalid(name, "must be true or false");
    }

    Optional<Long> integer(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Optional.of(n.longValue());
        }
        if (value instanceof String s && s.strip().matches("-?\\d+")) {
            return Optional.of(Long.parseLong(s.strip()));
        }
        throw invalid(name, "must be a whole number");
    }

    /** A string or a list of strings (compose allows both for dns, cap_add and the like). */
    List<String> strings(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String || item instanceof Number)) {
                    throw invalid(name, "must be a list of strings");
                }
                out.add(item.toString());
            }
            return out;
        }
        throw invalid(name, "must be a string or a list of strings");
    }

    /** A map of strings, or a list of {@code key=value} (compose's two forms). */
    Map<String, String> stringMap(String name) {
        Object value = fields.get(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(k.toString(), v == null ? "" : v.toString()));
            return out;
        }
        for (String entry : strings(name)) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw invalid(name, "entry '" + entry + "' must be key=value");
            }
            out.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return out;
    }

    InvalidServiceException invalid(String name, String rule) {
        return new InvalidServiceException("composition." + written.getOrDefault(name, name) + ": " + rule);
    }

}
