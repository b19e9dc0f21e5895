package io.bosun.spi.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who the device is, from its {@code config.json} (balena's keys, spec §6.1).
 *
 * @param uuid the device uuid
 * @param apiEndpoint the cloud API endpoint; empty means the device is unmanaged and runs in local mode
 * @param deviceType the device type slug ({@code unknown} when not known)
 * @param deviceArch the architecture slug ({@code unknown} when not known)
 * @param applicationId the fleet the device registers in ({@code applicationId})
 * @param deviceId the cloud's id of the device, once registered ({@code deviceId})
 * @param registeredAt when the device registered, in ms since the epoch ({@code registered_at})
 * @param deviceApiKey the device's own key for the cloud ({@code deviceApiKey})
 * @param provisioningKey the fleet's provisioning key ({@code apiKey}), removed once registered
 * @param hostname the host name set through the device API ({@code hostname})
 * @param configJson every field of the file as read (JSON values: String, Number, Boolean, List, Map), so a
 *        key not named above is still there to read
 */
public record DeviceIdentity(String uuid, Optional<String> apiEndpoint, String deviceType, String deviceArch,
        Optional<Long> applicationId, Optional<Long> deviceId, Optional<Long> registeredAt,
        Optional<String> deviceApiKey, Optional<String> provisioningKey, Optional<String> hostname,
        Map<String, Object> configJson) {

    public DeviceIdentity {
        Objects.requireNonNull(uuid, "uuid");
        apiEndpoint = blankless(apiEndpoint);
        deviceType = deviceType == null ? "unknown" : deviceType;
        deviceArch = deviceArch == null ? "unknown" : deviceArch;
        applicationId = applicationId == null ? Optional.empty() : applicationId;
        deviceId = deviceId == null ? Optional.empty() : deviceId;
        registeredAt = registeredAt == null ? Optional.empty() : registeredAt;
        deviceApiKey = blankless(deviceApiKey);
        provisioningKey = blankless(provisioningKey);
        hostname = blankless(hostname);
        configJson = configJson == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(configJson));
    }

    /** A device known only by its uuid, endpoint, type and architecture. */
    public DeviceIdentity(String uuid, Optional<String> apiEndpoint, String deviceType, String deviceArch) {
        this(uuid, apiEndpoint, deviceType, deviceArch, null, null, null, null, null, null, null);
    }

    private static Optional<String> blankless(Optional<String> value) {
        return value == null ? Optional.empty() : value.filter(s -> !s.isBlank());
    }

    /** An unmanaged device has no cloud: targets come from the local API and auth is off. */
    public boolean unmanaged() {
        return apiEndpoint.isEmpty();
    }
}
