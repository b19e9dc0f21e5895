package io.bosun.itests;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bosun.spi.config.ConfigJsonWriter;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.testcloud.TestCloud;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The in-framework device made a managed device of a fleet of the test cloud, the way an operator does it: a
 * {@code config.json} with the endpoint, the fleet and a provisioning key (written through the config bundle's
 * writer). The connector's intervals are shortened through its configuration; {@link #close()} makes the device
 * unmanaged again and puts the configuration back.
 */
final class ManagedDevice implements AutoCloseable {
    static final long FLEET = 8801;
    static final String FLEET_UUID = "itestfleet8801";
    static final List<String> PROVISIONING_FIELDS = List.of("apiEndpoint", "applicationId", "apiKey", "deviceId",
            "registered_at", "deviceApiKey");
    private static final ObjectMapper JSON = new ObjectMapper();

    final TestCloud cloud;
    final String provisioningKey;
    private final ConfigJsonWriter writer;
    private final Supplier<SupervisorConfig> config;
    private final Configuration cloudSettings;
    private final Dictionary<String, Object> originalSettings;
    private final String originalUuid;

    private ManagedDevice(TestCloud cloud, String provisioningKey, ConfigJsonWriter writer,
            Supplier<SupervisorConfig> config, Configuration cloudSettings, Dictionary<String, Object> original,
            String originalUuid) {
        this.cloud = cloud;
        this.provisioningKey = provisioningKey;
        this.writer = writer;
        this.config = config;
        this.cloudSettings = cloudSettings;
        this.originalSettings = original;
        this.originalUuid = originalUuid;
    }

    /** A fleet in a new test cloud, and the device set up to join it (it registers at once). */
    static ManagedDevice join(ConfigJsonWriter writer, Supplier<SupervisorConfig> config, ConfigurationAdmin admin,
            Map<String, Object> moreConfigJson) throws Exception {
        TestCloud cloud = TestCloud.start();
        cloud.addFleet(FLEET, FLEET_UUID, "itestfleet");
        return join(writer, config, admin, cloud, cloud.provisioningKey(FLEET), moreConfigJson);
    }

    /** The device set up to join the fleet of a test cloud with that provisioning key. */
    static ManagedDevice join(ConfigJsonWriter writer, Supplier<SupervisorConfig> config, ConfigurationAdmin admin,
            TestCloud cloud, String key, Map<String, Object> moreConfigJson) throws Exception {
        Configuration settings = admin.getConfiguration("io.bosun.cloud", "?");
        Dictionary<String, Object> original = settings.getProperties();
        Hashtable<String, Object> fast = original == null ? new Hashtable<>() : Configurations.copy(original);
        fast.put("reportIntervalMillis", 300L);
        fast.put("connectivityIntervalMillis", 300L);
        fast.put("pollJitterMillis", 0L);
        settings.update(fast);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("apiEndpoint", cloud.endpoint());
        set.put("applicationId", FLEET);
        set.put("apiKey", key);
        set.putAll(moreConfigJson);
        Set<String> remove = new java.util.HashSet<>(Set.of("deviceId", "registered_at", "deviceApiKey"));
        remove.removeAll(set.keySet());
        String uuid = config.get().device().uuid();
        writer.update(set, remove);
        Awaiting.until("the device is managed by the test cloud", () -> config.get() != null
                && config.get().device().apiEndpoint().equals(Optional.of(cloud.endpoint())));
        return new ManagedDevice(cloud, key, writer, config, settings, original, uuid);
    }

    String uuid() {
        return config.get().device().uuid();
    }

    /** Waits until the device registered and knows its id. */
    void awaitRegistered() {
        Awaiting.until("the device registered", Duration.ofSeconds(20),
                () -> config.get().device().deviceId().isPresent() && cloud.device(uuid()).isPresent());
    }

    /** Sets the fleet's release: one service running {@code command} on a test image. */
    void release(String commit, long releaseId, String image, String command, Map<String, String> labels)
            throws Exception {
        Map<String, Object> composition = new LinkedHashMap<>();
        composition.put("image", image);
        composition.put("command", command);
        composition.put("stop_signal", "SIGKILL");
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("id", 11);
        service.put("image_id", 100 + releaseId);
        service.put("image", image);
        service.put("environment", Map.of());
        service.put("labels", labels);
        service.put("composition", composition);
        Map<String, Object> release = new LinkedHashMap<>();
        release.put("id", releaseId);
        release.put("services", Map.of("main", service));
        cloud.release(FLEET, commit, JSON.writeValueAsString(release));
    }

    /** The container balena names {@code <service>_<imageId>_<releaseId>_<commit>} for a release of {@link #release}. */
    static String container(String commit, long releaseId) {
        return "main_" + (100 + releaseId) + "_" + releaseId + "_" + commit;
    }

    /** The device's state as the cloud now holds it, at a path of keys (empty when absent). */
    Optional<Object> reported(String... path) {
        Object node = cloud.mergedState(uuid());
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Optional.empty();
            }
            node = map.get(key);
        }
        return Optional.ofNullable(node);
    }

    @Override
    public void close() throws Exception {
        try {
            writer.update(Map.of(), Set.copyOf(PROVISIONING_FIELDS));
            writer.update(Map.of("uuid", originalUuid), Set.of());
            Awaiting.until("the device is unmanaged again", () -> config.get() != null
                    && config.get().device().unmanaged() && config.get().device().uuid().equals(originalUuid));
        } finally {
            cloudSettings.update(originalSettings == null ? new Hashtable<>() : Configurations.copy(originalSettings));
            cloud.close();
        }
    }
}
