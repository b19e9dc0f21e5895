package io.bosun.config;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorSettings;
import io.bosun.support.json.JsonTree;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one mapping of settings and identity to the properties of the {@value ConfigActivator#PID} configuration,
 * and of those properties back to a {@link DeviceIdentity}.
 *
 * <p>The whole {@code config.json} travels as JSON text ({@value #CONFIG_JSON_TEXT}) rather than being read again
 * by {@link SupervisorConfigComponent}: the service is then built from its configuration alone, always as written
 * and checked by the one writer, and a file changed by hand after start cannot fail the component (it is read,
 * and refused, at the next start). The keys and the file are private properties (a leading {@code .}), so that
 * Declarative Services does not copy them into the service properties everyone can list.
 */
final class ConfigurationProperties {
    static final String DEVICE_UUID = "deviceUuid";
    static final String API_ENDPOINT = "apiEndpoint";
    static final String DEVICE_TYPE = "deviceType";
    static final String DEVICE_ARCH = "deviceArch";
    static final String APPLICATION_ID = "applicationId";
    static final String DEVICE_ID = "deviceId";
    static final String REGISTERED_AT = "registeredAt";
    static final String HOSTNAME = "hostname";
    static final String DEVICE_API_KEY = ".deviceApiKey";
    static final String PROVISIONING_KEY = ".provisioningKey";
    static final String CONFIG_JSON_TEXT = ".configJsonText";

    /** Every identity property: those of an identity replace these, and only these, when it is republished. */
    static final List<String> IDENTITY = List.of(DEVICE_UUID, API_ENDPOINT, DEVICE_TYPE, DEVICE_ARCH,
            APPLICATION_ID, DEVICE_ID, REGISTERED_AT, HOSTNAME, DEVICE_API_KEY, PROVISIONING_KEY, CONFIG_JSON_TEXT);

    private ConfigurationProperties() {
    }

    static Hashtable<String, Object> of(SupervisorSettings settings, DeviceIdentity device, String version) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("dataDir", settings.dataDir().toString());
        properties.put("apiHost", settings.apiHost());
        properties.put("apiPort", settings.apiPort());
        properties.put("configJson", settings.configJson().toString());
        properties.put("dockerHost", settings.dockerHost().toString());
        properties.put("locksDir", settings.locksDir().toString());
        properties.put("version", version);
        putIdentity(properties, device);
        return properties;
    }

    /** The configuration as it is, with the identity properties replaced by those of {@code device}. */
    static Hashtable<String, Object> withIdentity(Dictionary<String, ?> current, DeviceIdentity device) {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!IDENTITY.contains(key)) {
                properties.put(key, current.get(key));
            }
        }
        putIdentity(properties, device);
        return properties;
    }

    /** Optional fields are absent properties when unknown (a configuration cannot hold null). */
    private static void putIdentity(Hashtable<String, Object> properties, DeviceIdentity device) {
        properties.put(DEVICE_UUID, device.uuid());
        properties.put(API_ENDPOINT, device.apiEndpoint().orElse(""));
        properties.put(DEVICE_TYPE, device.deviceType());
        properties.put(DEVICE_ARCH, device.deviceArch());
        device.applicationId().ifPresent(id -> properties.put(APPLICATION_ID, id));
        device.deviceId().ifPresent(id -> properties.put(DEVICE_ID, id));
        device.registeredAt().ifPresent(at -> properties.put(REGISTERED_AT, at));
        device.hostname().ifPresent(name -> properties.put(HOSTNAME, name));
        device.deviceApiKey().ifPresent(key -> properties.put(DEVICE_API_KEY, key));
        device.provisioningKey().ifPresent(key -> properties.put(PROVISIONING_KEY, key));
        properties.put(CONFIG_JSON_TEXT, JsonTree.compact(device.configJson()));
    }

    /**
     * The identity the properties describe.
     *
     * @throws IllegalArgumentException naming the property when one is missing or cannot be read
     */
    static DeviceIdentity identity(Map<String, ?> properties) {
        Object uuid = properties.get(DEVICE_UUID);
        if (!(uuid instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(DEVICE_UUID + ": missing");
        }
        return new DeviceIdentity(text, text(properties, API_ENDPOINT), text(properties, DEVICE_TYPE).orElse(null),
                text(properties, DEVICE_ARCH).orElse(null), number(properties, APPLICATION_ID),
                number(properties, DEVICE_ID), number(properties, REGISTERED_AT), text(properties, DEVICE_API_KEY),
                text(properties, PROVISIONING_KEY), text(properties, HOSTNAME), configJson(properties));
    }

    private static Optional<String> text(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    /** Long as published; Integer or a string of digits as a test or vendor may write them. */
    private static Optional<Long> number(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number number) {
            return Optional.of(number.longValue());
        }
        try {
            return Optional.of(Long.parseLong(value.toString().strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a whole number", e);
        }
    }

    private static Map<String, Object> configJson(Map<String, ?> properties) {
        Object text = properties.get(CONFIG_JSON_TEXT);
        if (text == null) {
            return Map.of();
        }
        try {
            if (JsonTree.parse(text.toString()) instanceof Map<?, ?> object) {
                return JsonTree.frozenObject(object);
            }
        } catch (JsonTree.SyntaxError e) {
            // reported below, as for any other text that is no JSON object
        }
        throw new IllegalArgumentException(CONFIG_JSON_TEXT + ": not the JSON text of an object");
    }
}
