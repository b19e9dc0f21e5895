package io.bosun.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the device offers the feature labels: the paths that exist, the engine's socket, the host name and the
 * OS release values.
 *
 * @param engineSocket the engine's unix socket, when the engine is reached through one
 * @param hostname the device's host name, which host-network services get; asked for only when one needs it
 * @param osRelease the host's {@code /etc/os-release} values
 * @param exists whether a host path exists (feature binds of missing paths are skipped)
 */
record HostFacts(Optional<Path> engineSocket, Supplier<String> hostname, Map<String, String> osRelease,
        Predicate<Path> exists) {

    HostFacts {
        osRelease = Map.copyOf(osRelease);
    }
}
