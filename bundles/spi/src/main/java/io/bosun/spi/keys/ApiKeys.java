package io.bosun.spi.keys;

import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The device API's keys, kept by the store. Keys are random and compared in constant time.
 */
@ProviderType
public interface ApiKeys {

    /** The global key, made on first use (or taken from {@code BOSUN_API_KEY} then). */
    String globalKey();

    /** The key of an app's service (given to services with the supervisor-api feature), made on first ask. */
    String keyFor(long appId, String serviceName);

    /** Who a presented key belongs to; empty for an unknown key. */
    Optional<KeyHolder> holderOf(String presented);

    /**
     * Replaces a key with a new one for the same holder.
     *
     * @return the new key; empty when the presented key is unknown
     */
    Optional<String> regenerate(String presented);

    /**
     * Revokes the keys of every app not in {@code appIds} (the global key stays): a container that outlived its
     * app must not keep API access.
     */
    void retainApps(Set<Long> appIds);
}
