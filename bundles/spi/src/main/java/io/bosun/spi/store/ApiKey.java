package io.bosun.spi.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A device API key. The global key has app id 0 and no service name; a scoped key belongs to one service of
 * one app and lists what it may reach (balena's scope objects, kept as JSON text).
 */
public record ApiKey(long appId, Optional<String> serviceName, String key, List<String> scopes) {

    public ApiKey {
        serviceName = serviceName == null ? Optional.empty() : serviceName;
        Objects.requireNonNull(key, "key");
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }
}
