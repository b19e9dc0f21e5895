package io.bosun.spi.store;

import io.bosun.spi.config.DeviceIdentity;
import java.util.Optional;

/**
 * balena's local mode (spec §5.3), as one rule every bundle reads the same way. A device is in local mode when it
 * is unmanaged (no cloud endpoint), or when the cloud's stored target sets {@code SUPERVISOR_LOCAL_MODE}. In local
 * mode the device runs the target posted to the local API (source {@code local}) and the API needs no key;
 * otherwise it runs the cloud's target.
 */
public final class LocalMode {
    /** The source of targets posted to the device API. */
    public static final String LOCAL_SOURCE = "local";

    private LocalMode() {
    }

    /** Whether the device is in local mode now. */
    public static boolean active(DeviceIdentity device, StateStore store) throws StoreException {
        if (device.unmanaged()) {
            return true;
        }
        return store.target(device.apiEndpoint().get()).map(t -> t.target().localMode()).orElse(false);
    }

    /** The source whose target the device runs: {@code local} in local mode, else the cloud endpoint. */
    public static String source(DeviceIdentity device, StateStore store) throws StoreException {
        return active(device, store) ? LOCAL_SOURCE : device.apiEndpoint().get();
    }

    /** The target the device runs toward, if its source gave one; the cloud's target is read once. */
    public static Optional<StoredTarget> target(DeviceIdentity device, StateStore store) throws StoreException {
        if (device.unmanaged()) {
            return store.target(LOCAL_SOURCE);
        }
        Optional<StoredTarget> cloud = store.target(device.apiEndpoint().get());
        return cloud.isPresent() && cloud.get().target().localMode() ? store.target(LOCAL_SOURCE) : cloud;
    }
}
