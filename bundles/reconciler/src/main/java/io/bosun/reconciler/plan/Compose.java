package io.bosun.reconciler.plan;

import io.bosun.support.balena.ComposeKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the planner needs of a service's compose fields: the services it waits for and the app networks and
 * volumes it uses. The engine bundle owns the full compose model; this reads only the ordering facts.
 */
final class Compose {
    private static final String DEFAULT_NETWORK = "default";

    private Compose() {
    }

    /** {@code depends_on} (list, or map whose keys are the services) plus the service of {@code service:<x>}. */
    static List<String> dependsOn(Map<String, Object> composition) {
        Set<String> deps = new LinkedHashSet<>(names(field(composition, "dependsOn")));
        networkMode(composition).filter(m -> m.startsWith("service:"))
                .ifPresent(m -> deps.add(m.substring("service:".length())));
        return List.copyOf(deps);
    }

    /** The app networks the service joins: its {@code networks}, else {@code default} unless a mode says otherwise. */
    static Set<String> networks(Map<String, Object> composition) {
        Set<String> networks = new LinkedHashSet<>(names(field(composition, "networks")));
        Optional<String> mode = networkMode(composition);
        if (networks.isEmpty() && mode.isEmpty()) {
            networks.add(DEFAULT_NETWORK);
        }
        mode.filter(m -> !isBuiltInMode(m)).ifPresent(networks::add);
        return Set.copyOf(networks);
    }

    /** Whether the service uses the host's network stack. */
    static boolean hostNetwork(Map<String, Object> composition) {
        return networkMode(composition).filter("host"::equals).isPresent();
    }

    /** The named volumes the service mounts (short {@code name:/path[:mode]} or long {@code type: volume} form). */
    static Set<String> volumes(Map<String, Object> composition) {
        Set<String> volumes = new LinkedHashSet<>();
        if (field(composition, "volumes") instanceof List<?> list) {
            for (Object entry : list) {
                volumeName(entry).ifPresent(volumes::add);
            }
        }
        return Set.copyOf(volumes);
    }

    private static Optional<String> volumeName(Object entry) {
        String source;
        if (entry instanceof String s) {
            int colon = s.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            source = s.substring(0, colon);
        } else if (entry instanceof Map<?, ?> m && "volume".equals(m.get("type")) && m.get("source") != null) {
            source = m.get("source").toString();
        } else {
            return Optional.empty();
        }
        boolean path = source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
        return path || source.isEmpty() ? Optional.empty() : Optional.of(source);
    }

    private static Optional<String> networkMode(Map<String, Object> composition) {
        Object mode = field(composition, "networkMode");
        return mode == null ? Optional.empty() : Optional.of(mode.toString());
    }

    /**
     * A compose field in any spelling ({@code network_mode}, {@code networkMode}...), read as the engine bundle
     * reads it ({@link ComposeKeys}): of two spellings of one field the later in the document wins.
     */
    private static Object field(Map<String, Object> composition, String camelCased) {
        Object value = null;
        for (Map.Entry<String, Object> entry : composition.entrySet()) {
            if (ComposeKeys.camelCase(entry.getKey()).equals(camelCased)) {
                value = entry.getValue();
            }
        }
        return value;
    }

    private static boolean isBuiltInMode(String mode) {
        return mode.equals("host") || mode.equals("none") || mode.equals("bridge") || mode.contains(":");
    }

    private static List<String> names(Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> names.add(v.toString()));
        } else if (value instanceof Map<?, ?> map) {
            map.keySet().forEach(k -> names.add(k.toString()));
        }
        return names;
    }
}
