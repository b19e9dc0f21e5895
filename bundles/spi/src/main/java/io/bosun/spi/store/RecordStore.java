package io.bosun.spi.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable records of the supervisor's bundles, each owner in a namespace of its own, so that no bundle reads or
 * overwrites another's by a shared key. A namespace is a bundle's (e.g. {@code reconciler}, {@code host},
 * {@code cloud}) or one shared fact named in the spi ({@link #DEVICE}).
 */
@ProviderType
public interface RecordStore {

    /** The device's own facts that several bundles share: its tags ({@link #TAGS}) and configuration ({@link #CONFIG}). */
    String DEVICE = "device";
    /** The device's tags, entries of name to value in {@link #DEVICE}: set by the API, sent by the cloud connector. */
    String TAGS = "tags";
    /**
     * The device configuration variables the device runs, entries of name (after the {@code BALENA_}/{@code RESIN_}
     * prefix) to value in {@link #DEVICE}: written by the reconciler as it applies a target's, read by the cloud
     * connector for its initial report to a new cloud.
     */
    String CONFIG = "config";

    /**
     * The records of one owner.
     *
     * @param owner letters, digits, {@code .} and {@code -}
     * @throws IllegalArgumentException for another name
     */
    Records namespace(String owner);
}
