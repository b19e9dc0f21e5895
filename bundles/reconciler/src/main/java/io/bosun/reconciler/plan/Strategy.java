package io.bosun.reconciler.plan;

import io.bosun.support.balena.BalenaLabels;
import java.util.Map;

/** How a service moves to a new container (label {@code io.balena.update.strategy}). */
public enum Strategy {
    /** Download the new image, then kill the old container and start the new one: the least downtime. */
    DOWNLOAD_THEN_KILL("download-then-kill"),
    /** Kill the old container first, then download: for devices short of memory while pulling. */
    KILL_THEN_DOWNLOAD("kill-then-download"),
    /** As kill-then-download, and delete the old image before downloading: for devices short of disk. */
    DELETE_THEN_DOWNLOAD("delete-then-download"),
    /** Run the new container beside the old one until the new one says it has taken over. */
    HAND_OVER("hand-over");

    private final String label;

    Strategy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The strategy a service's labels ask for; an absent or unknown value means download-then-kill. */
    public static Strategy of(Map<String, String> labels) {
        String value = BalenaLabels.get(labels, "update.strategy").orElse("");
        for (Strategy s : values()) {
            if (s.label.equals(value)) {
                return s;
            }
        }
        return DOWNLOAD_THEN_KILL;
    }

    /** Whether the old container goes before the new image is downloaded. */
    public boolean killsFirst() {
        return this == KILL_THEN_DOWNLOAD || this == DELETE_THEN_DOWNLOAD;
    }
}
