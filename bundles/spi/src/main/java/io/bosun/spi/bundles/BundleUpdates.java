package io.bosun.spi.bundles;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The live component updater: every bundle of the running set, and the bundle state of carrier services, which
 * the device API and the cloud report show beside their images.
 */
@ProviderType
public interface BundleUpdates {

    /** The label that makes a service a bundle carrier: its image is pulled, its jars installed, it never runs. */
    String CARRIER_LABEL = "io.bosun.bundles";

    /** The folder of a carrier image that holds its jars (and optionally {@code bundles.json}). */
    String CARRIER_FOLDER = "/bundles";

    /** Every bundle of the framework, by symbolic name. */
    List<BundleInfo> bundles();

    /** Where the bundles of a carrier image stand; empty when no carrier of the running target has that image. */
    Optional<CarrierStatus> carrier(String image);
}
