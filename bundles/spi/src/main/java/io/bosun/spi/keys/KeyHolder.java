package io.bosun.spi.keys;

import java.util.Optional;

/**
 * Who a key belongs to: the device (the global key, which may do everything) or one service of one app (which
 * may act on that app only).
 *
 * @param global whether it is the global key
 * @param appId the app of a scoped key (0 for the global key)
 * @param serviceName the service of a scoped key
 */
public record KeyHolder(boolean global, long appId, Optional<String> serviceName) {
    public KeyHolder {
        serviceName = serviceName == null ? Optional.empty() : serviceName;
    }

    public static final KeyHolder DEVICE = new KeyHolder(true, 0, Optional.empty());

    /** Whether the holder may act on that app. */
    public boolean mayActOn(long app) {
        return global || appId == app;
    }
}
