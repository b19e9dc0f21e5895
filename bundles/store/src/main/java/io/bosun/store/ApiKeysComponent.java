package io.bosun.store;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.keys.KeyHolder;
import io.bosun.spi.store.StoreException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The device API's keys on the {@code api_key} and {@code api_key_scope} tables: the global key (app 0, no
 * service) and a key per app service, as balena keeps them. Keys are 32 random bytes in hex, compared in constant
 * time with every stored key. The global key is made on first use, from the seed of the {@value #PID}
 * configuration when it has one (the config bundle writes it from {@code BOSUN_API_KEY}, so provisioning can know
 * the key), else at random; the seed is used for that first key only. The keys are kept in memory (every API
 * call checks one) and read again in each write's transaction. A key is made, regenerated or revoked inside one
 * write transaction that first looks at what is stored, so two callers never make two keys for one holder.
 */
@Component(service = ApiKeys.class, configurationPid = ApiKeysComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ApiKeysComponent.Settings.class)
public final class ApiKeysComponent implements ApiKeys {
    /** The ConfigAdmin PID of the API keys' settings. */
    static final String PID = "io.bosun.keys";
    static final String GLOBAL_SCOPE = "{\"type\":\"global\"}";
    private static final SecureRandom RANDOM = new SecureRandom();

    @ObjectClassDefinition(name = "Bosun API keys",
            description = "Written at start by the config bundle from BOSUN_API_KEY.")
    @interface Settings {
        /**
         * {@code .apiKeySeed}: private (the leading {@code .}), since it is the global key itself and Declarative
         * Services would otherwise copy it into the properties of the ApiKeys service, which every bundle can list.
         */
        @AttributeDefinition(description = "The device API's global key, taken only when none is stored yet, so "
                + "provisioning can know it (BOSUN_API_KEY); letters, digits and _; empty: a random key",
                required = false)
        String _apiKeySeed() default "";
    }

    private final ConfiguredDatabase database = new ConfiguredDatabase("the API keys");
    private volatile String seed;

    @Activate
    public ApiKeysComponent(Settings settings) {
        this(settings._apiKeySeed());
    }

    /**
     * A seed must be a key every form can carry ({@code \w+}, as balena's header form reads keys); the config
     * bundle stops start-up on any other, so one that still arrives here (a test, another launcher) is not used.
     */
    ApiKeysComponent(String seed) {
        this.seed = usable(seed);
    }

    /** A new seed changes nothing once the global key is stored: it only ever makes the first one. */
    @Modified
    void modified(Settings settings) {
        this.seed = usable(settings._apiKeySeed());
    }

    private static String usable(String seed) {
        String trimmed = seed == null ? "" : seed.trim();
        return trimmed.matches("\\w+") ? trimmed : null;
    }

    @Reference(name = "config", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(SupervisorConfig config) {
        database.bind(config);
    }

    void unbindConfig(SupervisorConfig config) {
        database.unbind(config);
    }

    @Deactivate
    void deactivate() {
        database.close();
    }

    @Override
    public String globalKey() {
        String seeded = seed;
        return keyOf(0, Optional.empty(), () -> seeded != null ? seeded : newKey(), GLOBAL_SCOPE);
    }

    @Override
    public String keyFor(long appId, String serviceName) {
        Objects.requireNonNull(serviceName, "serviceName");
        return keyOf(appId, Optional.of(serviceName), ApiKeysComponent::newKey, appScope(appId));
    }

    /**
     * The global key exists before any key is checked, even when nobody asked for it yet: a seeded key
     * ({@code BOSUN_API_KEY}) must work from the first call.
     */
    @Override
    public Optional<KeyHolder> holderOf(String presented) {
        globalKey();
        return keys().matching(presented).map(k -> k.isGlobal() ? KeyHolder.DEVICE
                : new KeyHolder(false, k.appId(), k.serviceName()));
    }

    /** Empty also when another caller regenerated the same key first: the presented key is no longer stored. */
    @Override
    public Optional<String> regenerate(String presented) {
        Optional<StoredKey> matched = keys().matching(presented);
        if (matched.isEmpty()) {
            return Optional.empty();
        }
        StoredKey old = matched.get();
        String fresh = newKey();
        boolean replaced = write("regenerate the API key of " + owner(old.appId(), old.serviceName()),
                c -> ApiKeyTable.replaceSecret(c, old.id(), old.key(), fresh));
        return replaced ? Optional.of(fresh) : Optional.empty();
    }

    @Override
    public void retainApps(Set<Long> appIds) {
        Set<Long> kept = Set.copyOf(appIds);
        // Looked up in memory first: this runs after every apply, and usually has nothing to revoke.
        if (keys().all().stream().noneMatch(k -> revoked(k, kept))) {
            return;
        }
        write("revoke the API keys of the apps that are gone", c -> {
            for (StoredKey key : ApiKeyTable.read(c)) {
                if (revoked(key, kept)) {
                    ApiKeyTable.delete(c, key.id());
                }
            }
            return null;
        });
    }

    private static boolean revoked(StoredKey key, Set<Long> kept) {
        return key.appId() != 0 && !kept.contains(key.appId());
    }

    static String appScope(long appId) {
        return "{\"type\":\"app\",\"appId\":" + appId + "}";
    }

    /** The key of a holder, made (with {@code make} and one scope) if it has none. */
    private String keyOf(long appId, Optional<String> serviceName, Supplier<String> make, String scope) {
        Optional<StoredKey> known = keys().of(appId, serviceName);
        if (known.isPresent()) {
            return known.get().key();
        }
        return write("store the API key of " + owner(appId, serviceName), c -> {
            Optional<StoredKey> stored = new StoredKeys(ApiKeyTable.read(c)).of(appId, serviceName);
            if (stored.isPresent()) {
                return stored.get().key();
            }
            String key = make.get();
            ApiKeyTable.insert(c, appId, serviceName, key, List.of(scope));
            return key;
        });
    }

    private StoredKeys keys() {
        try {
            return cache().read();
        } catch (StoreException e) {
            throw new IllegalStateException("the API keys cannot be read: " + e.getMessage(), e);
        }
    }

    private <R> R write(String doing, SqlWork<R> change) {
        try {
            return cache().write(doing, change);
        } catch (StoreException e) {
            throw new IllegalStateException("the API keys cannot be written: " + e.getMessage(), e);
        }
    }

    private CachedTables<StoredKeys> cache() throws StoreException {
        return database.database().cached(StoredKeys.class, "the API keys", c -> new StoredKeys(ApiKeyTable.read(c)));
    }

    private static String owner(long appId, Optional<String> serviceName) {
        return serviceName.map(s -> "service " + s + " of app " + appId)
                .orElse(appId == 0 ? "the device (global key)" : "app " + appId);
    }

    private static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
