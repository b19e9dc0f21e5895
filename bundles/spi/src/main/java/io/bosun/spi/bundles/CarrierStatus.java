package io.bosun.spi.bundles;

import java.util.Objects;

/**
 * Where the bundles of one carrier image stand.
 *
 * @param phase installing, installed, rolled back or refused
 * @param reason why it was rolled back or refused; empty otherwise
 */
public record CarrierStatus(Phase phase, String reason) {
    public CarrierStatus {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The phases, with the words the device API and the cloud report use as the carrier's status (none is a
     * container's status: a carrier never has one).
     */
    public enum Phase {
        INSTALLING("Installing bundles"),
        INSTALLED("Bundles installed"),
        ROLLED_BACK("Bundles rolled back"),
        REFUSED("Bundles refused");

        private final String wireName;

        Phase(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
