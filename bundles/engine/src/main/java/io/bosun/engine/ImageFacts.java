package io.bosun.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a service inherits from its image: the defaults the engine would apply, read once from an inspect. */
record ImageFacts(String id, Map<String, String> environment, Map<String, String> labels, List<String> command,
        List<String> entrypoint, String workingDir, String user, Optional<String> stopSignal,
        Optional<Healthcheck> healthcheck, Set<String> volumes) {

    ImageFacts {
        environment = Map.copyOf(environment);
        labels = Map.copyOf(labels);
        command = List.copyOf(command);
        entrypoint = List.copyOf(entrypoint);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        volumes = Set.copyOf(volumes);
    }

    /** An image with no defaults at all, as {@code docker import} makes. */
    static ImageFacts bare(String id) {
        return new ImageFacts(id, Map.of(), Map.of(), List.of(), List.of(), "", "", Optional.empty(),
                Optional.empty(), Set.of());
    }
}
