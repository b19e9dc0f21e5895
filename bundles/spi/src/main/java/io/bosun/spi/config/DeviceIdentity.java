package io.bosun.spi.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Who the device is, from its {@code config.json}.
 *
 * @param uuid the device uuid
 * @param apiEndpoint the cloud API endpoint; empty means the device is unmanaged and runs in local mode
 * @param deviceType the device type slug ({@code unknown} when not known)
 * @param deviceArch the architecture slug ({@code unknown} when not known)
 */
public record DeviceIdentity(String uuid, Optional<String> apiEndpoint, String deviceType, String deviceArch) {
    public DeviceIdentity {
        Objects.requireNonNull(uuid, "uuid");
        apiEndpoint = apiEndpoint == null ? Optional.empty() : apiEndpoint.filter(s -> !s.isBlank());
        deviceType = deviceType == null ? "unknown" : deviceType;
        deviceArch = deviceArch == null ? "unknown" : deviceArch;
    }

    /** An unmanaged device has no cloud: targets come from the local API and auth is off. */
    public boolean unmanaged() {
        return apiEndpoint.isEmpty();
    }
}
