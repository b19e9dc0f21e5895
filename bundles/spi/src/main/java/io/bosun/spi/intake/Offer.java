package io.bosun.spi.intake;

import java.util.Objects;

/**
 * What became of an offered target.
 *
 * @param outcome applied, stored for later, or refused
 * @param sequence the selection's sequence number after the offer (unchanged when refused)
 * @param reason why it was stored only, or refused; empty when applied
 */
public record Offer(Outcome outcome, long sequence, String reason) {
    public Offer {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    /** What became of an offer. */
    public enum Outcome {
        /** Stored, and the device moves to it now. */
        APPLIED,
        /** Stored, for when the device runs its source (e.g. the cloud's target while in local mode). */
        STORED,
        /** Not stored: the source may not give targets now, or the target could not be stored. */
        REFUSED
    }

    public static Offer applied(long sequence) {
        return new Offer(Outcome.APPLIED, sequence, "");
    }

    public static Offer stored(long sequence, String reason) {
        return new Offer(Outcome.STORED, sequence, reason);
    }

    public static Offer refused(long sequence, String reason) {
        return new Offer(Outcome.REFUSED, sequence, reason);
    }
}
