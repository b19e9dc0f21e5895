package io.bosun.store;

import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.keys.KeyHolder;
import io.bosun.spi.store.ApiKey;
import io.bosun.spi.store.StateStore;
import io.bosun.spi.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The device API's keys on the store's {@code api_key} table: the global key (app 0, no service) and a key per
 * app service, as balena keeps them. Keys are 32 random bytes in hex; a presented key is compared with every
 * stored key in constant time, so the answer's timing says nothing about how much of a key was right. The
 * global key is made on first use, from {@code BOSUN_API_KEY} when the environment sets it (so provisioning can
 * know it), else at random.
 */
@Component(service = ApiKeys.class)
public final class ApiKeysComponent implements ApiKeys {
    static final String GLOBAL_SCOPE = "{\"type\":\"global\"}";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StateStore store;

    private final String seed;

    public ApiKeysComponent() {
        this(System.getenv("BOSUN_API_KEY"));
    }

    /**
     * A seed must be a key every form can carry ({@code \w+}, as balena's header form reads keys); the config
     * bundle stops start-up on any other, so one that still arrives here (a test, another launcher) is not used.
     */
    ApiKeysComponent(String seed) {
        String trimmed = seed == null ? "" : seed.trim();
        this.seed = trimmed.matches("\\w+") ? trimmed : null;
    }

    void setStore(StateStore store) {
        this.store = store;
    }

    @Override
    public synchronized String globalKey() {
        return find(0, Optional.empty()).orElseGet(() -> put(0, Optional.empty(),
                seed != null ? seed : newKey(), List.of(GLOBAL_SCOPE)));
    }

    @Override
    public synchronized String keyFor(long appId, String serviceName) {
        return find(appId, Optional.of(serviceName)).orElseGet(() -> put(appId, Optional.of(serviceName), newKey(),
                List.of(appScope(appId))));
    }

    /**
     * The global key exists before any key is checked, even when nobody asked for it yet: a key seeded by
     * {@code BOSUN_API_KEY} must work from the first call.
     */
    @Override
    public Optional<KeyHolder> holderOf(String presented) {
        globalKey();
        return match(presented).map(k -> k.appId() == 0 && k.serviceName().isEmpty() ? KeyHolder.DEVICE
                : new KeyHolder(false, k.appId(), k.serviceName()));
    }

    @Override
    public synchronized Optional<String> regenerate(String presented) {
        return match(presented).map(k -> put(k.appId(), k.serviceName(), newKey(), k.scopes()));
    }

    static String appScope(long appId) {
        return "{\"type\":\"app\",\"appId\":" + appId + "}";
    }

    /** The stored key equal to the presented one, every stored key compared in full. */
    private Optional<ApiKey> match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        ApiKey found = null;
        for (ApiKey key : keys()) {
            if (MessageDigest.isEqual(given, key.key().getBytes(StandardCharsets.UTF_8))) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    private Optional<String> find(long appId, Optional<String> serviceName) {
        return keys().stream().filter(k -> k.appId() == appId && k.serviceName().equals(serviceName))
                .map(ApiKey::key).findFirst();
    }

    private String put(long appId, Optional<String> serviceName, String key, List<String> scopes) {
        try {
            requireStore().putApiKey(new ApiKey(appId, serviceName, key, scopes));
            return key;
        } catch (StoreException e) {
            throw new IllegalStateException("the API key cannot be stored: " + e.getMessage(), e);
        }
    }

    private List<ApiKey> keys() {
        try {
            return requireStore().apiKeys();
        } catch (StoreException e) {
            throw new IllegalStateException("the API keys cannot be read: " + e.getMessage(), e);
        }
    }

    private StateStore requireStore() {
        StateStore s = store;
        if (s == null) {
            throw new IllegalStateException("the state store is not available");
        }
        return s;
    }

    private static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
