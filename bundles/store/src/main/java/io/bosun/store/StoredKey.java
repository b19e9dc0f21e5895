package io.bosun.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of {@code api_key}, with its scopes.
 *
 * @param id the row id
 * @param appId 0 for the global key
 * @param serviceName empty for an app-wide key (and the global key)
 * @param key the secret
 * @param scopes one JSON object each, in order
 */
record StoredKey(long id, long appId, Optional<String> serviceName, String key, List<String> scopes) {
    StoredKey {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(key, "key");
        scopes = List.copyOf(scopes);
    }

    boolean isGlobal() {
        return appId == 0 && serviceName.isEmpty();
    }

    boolean belongsTo(long app, Optional<String> service) {
        return appId == app && serviceName.equals(service);
    }
}
