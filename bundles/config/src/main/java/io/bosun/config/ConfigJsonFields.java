package io.bosun.config;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.support.json.JsonTree;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
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
    static Optional<String> firstProblem(Map<String, Object> config) {
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
    static Optional<String> problem(String field, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (TEXTS.contains(field) && !(value instanceof String)) {
            return Optional.of("'" + field + "' must be a string");
        }
        if (WHOLE_NUMBERS.contains(field) && wholeNumber(value).isEmpty()) {
            return Optional.of("'" + field + "' must be a whole number");
        }
        return Optional.empty();
    }

    /** Whether the cloud knows the device: from then on its uuid must not change. */
    static boolean registered(Map<String, Object> config) {
        return config.get(REGISTERED_AT) != null;
    }

    /** The identity of a checked file that has a uuid. */
    static DeviceIdentity identity(Map<String, Object> config, String jvmArch) {
        String arch = text(config, DEVICE_ARCH).orElse(ConfigJsonFile.archSlug(jvmArch));
        return new DeviceIdentity(text(config, UUID).orElseThrow(), text(config, API_ENDPOINT),
                text(config, DEVICE_TYPE).orElse(null), arch,
                number(config, APPLICATION_ID), number(config, DEVICE_ID), number(config, REGISTERED_AT),
                text(config, DEVICE_API_KEY), text(config, API_KEY), text(config, HOSTNAME),
                JsonTree.frozenObject(config));
    }

    /** A non-blank string field. */
    static Optional<String> text(Map<String, Object> config, String field) {
        return config.get(field) instanceof String value && !value.isBlank() ? Optional.of(value) : Optional.empty();
    }

    private static Optional<Long> number(Map<String, Object> config, String field) {
        Object value = config.get(field);
        return value == null ? Optional.empty() : wholeNumber(value);
    }

    /**
     * As balena's {@code PermissiveNumber}: a whole JSON number, or a string of digits (some provisioning tools
     * write ids as strings).
     */
    static Optional<Long> wholeNumber(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Optional.of(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? Optional.of(big.longValue()) : Optional.empty();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            boolean whole = number == Math.rint(number) && Math.abs(number) < 0x1p63;
            return whole ? Optional.of((long) number) : Optional.empty();
        }
        if (value instanceof String text && text.strip().matches("-?\\d{1,18}")) {
            return Optional.of(Long.parseLong(text.strip()));
        }
        return Optional.empty();
    }
}
