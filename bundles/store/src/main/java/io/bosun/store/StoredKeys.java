package io.bosun.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/** Every stored API key, as {@link CachedTables} keeps them in memory for {@link ApiKeysComponent}. */
record StoredKeys(List<StoredKey> all) {
    StoredKeys {
        all = List.copyOf(all);
    }

    Optional<StoredKey> of(long appId, Optional<String> serviceName) {
        return all.stream().filter(k -> k.belongsTo(appId, serviceName)).findFirst();
    }

    /**
     * The stored key equal to {@code presented}. Every stored key is compared in full, in constant time, so the
     * answer's timing says nothing about how much of a key was right, nor which key it was near.
     */
    Optional<StoredKey> matching(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        StoredKey found = null;
        for (StoredKey key : all) {
            if (MessageDigest.isEqual(given, key.key().getBytes(StandardCharsets.UTF_8))) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }
}
