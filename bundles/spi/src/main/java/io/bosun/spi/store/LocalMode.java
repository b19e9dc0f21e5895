package io.bosun.spi.store;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.target.TargetState;
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

    /** The target the device runs toward, if its source gave one. */
    public static Optional<StoredTarget> target(DeviceIdentity device, StateStore store) throws StoreException {
        return store.target(source(device, store));
    }

    /** The target the device runs toward, or an empty one when its source gave none. */
    public static TargetState targetOrEmpty(DeviceIdentity device, StateStore store) throws StoreException {
        return target(device, store).map(StoredTarget::target).orElseGet(() -> TargetState.empty(device.uuid()));
    }
}
