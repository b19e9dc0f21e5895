package io.bosun.updater;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the stage on disk says, and the only thing that decides what starts after a crash: the last good set, the
 * one before it (what a rollback goes back to), the set under trial if a health gate was running, and the digests
 * that failed and are not to be tried again for the same release.
 *
 * @param trying the set whose gate was running, and why it was tried
 * @param rejected by digest: why it failed, and the release it came with ({@code upload} for an upload)
 */
record Stage(BundleSet good, BundleSet previous, Optional<Trial> trying,
        Map<String, Rejection> rejected) {
    /** Rejections kept: the newest; an older one is only tried again. */
    static final int KEPT_REJECTIONS = 100;
    static final Stage FIRST = new Stage(BundleSet.SHIPPED, BundleSet.SHIPPED, Optional.empty(), Map.of());

    Stage {
        Objects.requireNonNull(good, "good");
        Objects.requireNonNull(previous, "previous");
        trying = trying == null ? Optional.empty() : trying;
        rejected = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rejected));
    }

    /** A set under trial. */
    record Trial(BundleSet set, String cause) {
    }

    /** A digest that failed: why, and with which release (a carrier's commit) or {@code upload}. */
    record Rejection(String reason, String release) {
    }

    Stage trying(BundleSet set, String cause) {
        return new Stage(good, previous, Optional.of(new Trial(set, cause)), rejected);
    }

    Stage committed(BundleSet set) {
        return new Stage(set, set.sameJars(good) ? previous : good, Optional.empty(), rejected);
    }

    /** The trial failed: its new digests are set aside with the reason. */
    Stage rolledBack(String reason, String release) {
        Map<String, Rejection> more = new LinkedHashMap<>(rejected);
        trying.ifPresent(t -> t.set().digests().stream().filter(d -> !good.digests().contains(d))
                .forEach(d -> {
                    more.remove(d);
                    more.put(d, new Rejection(reason, release));
                }));
        while (more.size() > KEPT_REJECTIONS) {
            more.remove(more.keySet().iterator().next());
        }
        return new Stage(good, previous, Optional.empty(), more);
    }

    /** The good set cannot be started (a jar missing or damaged): back to the shipped set, the good one set aside. */
    Stage givenUp(String reason) {
        Map<String, Rejection> more = new LinkedHashMap<>(rejected);
        good.digests().forEach(d -> more.put(d, new Rejection(reason, "boot")));
        return new Stage(BundleSet.SHIPPED, BundleSet.SHIPPED, Optional.empty(), more);
    }

    Stage accepting(Iterable<String> digests) {
        Map<String, Rejection> kept = new LinkedHashMap<>(rejected);
        digests.forEach(kept::remove);
        return new Stage(good, previous, trying, kept);
    }
}
