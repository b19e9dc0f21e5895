package io.bosun.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bosun.spi.config.DeviceIdentity;
import java.util.List;
import java.util.Optional;

/**
 * The balena {@code config.json} fields Bosun reads (spec §6.1), the JSON type each must have, and the
 * {@link DeviceIdentity} they make. Every other field is kept and handed on as it is.
 */
final class ConfigJsonFields {
    static final String UUID = "uuid";
    static final String API_ENDPOINT = "apiEndpoint";
    static final String DEVICE_TYPE = "deviceType";
    static final String DEVICE_ARCH = "deviceArch";
    static final String APPLICATION_ID = "applicationId";
    static final String DEVICE_ID = "deviceId";
    static final String REGISTERED_AT = "registered_at";
    static final String DEVICE_API_KEY = "deviceApiKey";
    static final String API_KEY = "apiKey";
    static final String HOSTNAME = "hostname";

    private static final List<String> TEXTS = List.of(UUID, API_ENDPOINT, DEVICE_TYPE, DEVICE_ARCH, DEVICE_API_KEY,
            API_KEY, HOSTNAME);
    private static final List<String> WHOLE_NUMBERS = List.of(APPLICATION_ID, DEVICE_ID, REGISTERED_AT);

    private ConfigJsonFields() {
    }

    /** The first known field whose value has the wrong type, described; JSON null counts as absent. */
    static Optional<String> firstProblem(ObjectNode config) {
        for (String field : TEXTS) {
            Optional<String> problem = problem(field, config.get(field));
            if (problem.isPresent()) {
                return problem;
            }
        }
        for (String field : WHOLE_NUMBERS) {
            Optional<String> problem = problem(field, config.get(field));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** What is wrong with a value for a field, if it is a known one and the value does not have its type. */
    static Optional<String> problem(String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (TEXTS.contains(field) && !value.isTextual()) {
            return Optional.of("'" + field + "' must be a string");
        }
        if (WHOLE_NUMBERS.contains(field) && wholeNumber(value).isEmpty()) {
            return Optional.of("'" + field + "' must be a whole number");
        }
        return Optional.empty();
    }

    /** Whether the cloud knows the device: from then on its uuid must not change. */
    static boolean registered(ObjectNode config) {
        JsonNode registeredAt = config.get(REGISTERED_AT);
        return registeredAt != null && !registeredAt.isNull();
    }

    /** The identity of a checked file that has a uuid. */
    static DeviceIdentity identity(ObjectNode config, String jvmArch) {
        String arch = text(config, DEVICE_ARCH).orElse(ConfigJsonFile.archSlug(jvmArch));
        return new DeviceIdentity(text(config, UUID).orElseThrow(), text(config, API_ENDPOINT),
                text(config, DEVICE_TYPE).orElse(null), arch,
                number(config, APPLICATION_ID), number(config, DEVICE_ID), number(config, REGISTERED_AT),
                text(config, DEVICE_API_KEY), text(config, API_KEY), text(config, HOSTNAME),
                JsonValues.plainObject(config));
    }

    /** A non-blank string field. */
    static Optional<String> text(ObjectNode config, String field) {
        JsonNode value = config.get(field);
        return value == null || !value.isTextual() || value.textValue().isBlank()
                ? Optional.empty() : Optional.of(value.textValue());
    }

    private static Optional<Long> number(ObjectNode config, String field) {
        JsonNode value = config.get(field);
        return value == null ? Optional.empty() : wholeNumber(value);
    }

    /**
     * As balena's {@code PermissiveNumber}: a whole JSON number, or a string of digits (some provisioning tools
     * write ids as strings).
     */
    static Optional<Long> wholeNumber(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Optional.of(value.longValue());
        }
        if (value.isFloatingPointNumber()) {
            double number = value.doubleValue();
            boolean whole = number == Math.rint(number) && Math.abs(number) < 0x1p63;
            return whole ? Optional.of((long) number) : Optional.empty();
        }
        if (value.isTextual() && value.textValue().strip().matches("-?\\d{1,18}")) {
            return Optional.of(Long.parseLong(value.textValue().strip()));
        }
        return Optional.empty();
    }
}
