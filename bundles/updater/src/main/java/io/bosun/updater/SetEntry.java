package io.bosun.updater;

import java.util.Objects;

/**
 * One bundle of a set that is not the shipped one: a vendor bundle, or a new build of a shipped bundle.
 *
 * @param digest the SHA-256 of its jar, which names the jar in the stage
 * @param origin {@code upload} or {@code carrier:<image>}
 * @param installedAt when it was staged, in epoch milliseconds
 */
record SetEntry(String symbolicName, String version, String digest, String origin, long installedAt) {
    static final String UPLOAD = "upload";
    static final String CARRIER = "carrier:";

    SetEntry {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(origin, "origin");
    }

    boolean fromCarrier() {
        return origin.startsWith(CARRIER);
    }
}
