package io.bosun.spi.cloud;

import io.bosun.spi.reconcile.ApplyOptions;
import org.osgi.annotation.versioning.ProviderType;

/** The device's connection to its fleet's backend (openBalena or balenaCloud), registered on a managed device. */
@ProviderType
public interface CloudConnection {

    /** Where the connection stands; answered from memory. */
    CloudStatus status();

    /**
     * Asks the cloud for the target now instead of at the next poll (balena's {@code POST /v1/update}); the
     * options reach the one apply that follows, whether the target is new or the same. Returns at once.
     *
     * @return false when the request is ignored: instant updates are off ({@code SUPERVISOR_INSTANT_UPDATE_TRIGGER})
     *         and {@code force} was not asked for, or the device is not provisioned yet
     */
    boolean pollNow(ApplyOptions options);
}
