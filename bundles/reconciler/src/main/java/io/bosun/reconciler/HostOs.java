package io.bosun.reconciler;

import io.bosun.support.host.OsRelease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Facts of the host the supervisor reads once: its OS name for {@code BALENA_HOST_OS_VERSION}, its boot time. */
final class HostOs {
    /** The host's boot, read once: it does not change while the process runs. */
    static final Instant BOOT = bootTime();

    private HostOs() {
    }

    /** {@code PRETTY_NAME} of the host's os-release, as balena reports the host OS version. */
    static String version() {
        return OsRelease.ofHost().prettyName().orElse("unknown");
    }

    /** When the host booted, from {@code btime} of {@code /proc/stat}; the supervisor's start when unknown. */
    private static Instant bootTime() {
        try {
            Optional<String> btime = Files.readAllLines(Path.of("/proc/stat")).stream()
                    .filter(l -> l.startsWith("btime ")).findFirst();
            if (btime.isPresent()) {
                return Instant.ofEpochSecond(Long.parseLong(btime.get().substring(6).trim()));
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no procfs: fall through.
        }
        return Instant.now();
    }
}
