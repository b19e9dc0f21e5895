package io.bosun.spi.bundles;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One bundle of the running set.
 *
 * @param symbolicName its {@code Bundle-SymbolicName}
 * @param version its {@code Bundle-Version}
 * @param digest the SHA-256 of its jar, hex; empty for a shipped bundle whose jar Bosun never read
 * @param origin {@code shipped}, {@code upload}, or {@code carrier:<image>}
 * @param state the framework's word for it: {@code active}, {@code resolved}, {@code installed}, ...
 * @param lastChange when the updater last installed or updated it; empty for a shipped bundle never touched
 */
public record BundleInfo(String symbolicName, String version, Optional<String> digest, String origin, String state,
        Optional<Instant> lastChange) {
    public BundleInfo {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(state, "state");
        digest = digest == null ? Optional.empty() : digest;
        lastChange = lastChange == null ? Optional.empty() : lastChange;
    }
}
