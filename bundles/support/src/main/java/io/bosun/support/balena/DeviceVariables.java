package io.bosun.support.balena;

import io.bosun.support.json.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * balena's device configuration variables (spec §6.2) as the supervisor reads them from a target's {@code config}:
 * typed, with balena's defaults, its prefixes ({@code BALENA_} over {@code RESIN_}) and its rule for an invalid
 * value (a warning, then the default). The supervisor acts on its own variables; the host-OS ones (boot config,
 * firewall, discoverability, persistent logging, VPN service) and the delta ones are read and shown the same way
 * but acted on by nothing (docs/cloud.md).
 */
public final class DeviceVariables {

    /** How a value is read and compared. */
    public enum Type {
        /** balena's checkTruthy: {@code 1|true|on} and {@code 0|false|off}, any case. */
        BOOLEAN,
        /** A whole number of at least the variable's minimum. */
        INTEGER,
        /** Text, one of the variable's choices when it has them. */
        TEXT
    }

    /**
     * One variable.
     *
     * @param name the name after the prefix, e.g. {@code SUPERVISOR_POLL_INTERVAL}
     * @param configKey balena's configuration key, named in its warnings (e.g. {@code appUpdatePollInterval})
     * @param own whether the supervisor acts on it (else it is the host OS's, or deltas, which Bosun does not do)
     */
    public record Variable(String name, String configKey, Type type, String defaultValue, long minimum,
            List<String> choices, boolean own) {

        /** Whether a target value is one this variable can take. */
        public boolean valid(String value) {
            String v = value.strip();
            return switch (type) {
                case BOOLEAN -> bool(v).isPresent();
                case INTEGER -> v.matches("\\d{1,15}") && Long.parseLong(v) >= minimum;
                case TEXT -> choices.isEmpty() || choices.contains(v);
            };
        }

        /** Whether two valid values mean the same (balena compares by type: {@code on} equals {@code true}). */
        public boolean same(String a, String b) {
            return switch (type) {
                case BOOLEAN -> bool(a.strip()).equals(bool(b.strip()));
                case INTEGER -> Long.parseLong(a.strip()) == Long.parseLong(b.strip());
                case TEXT -> a.equals(b);
            };
        }

        private static Optional<Boolean> bool(String v) {
            if (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on")) {
                return Optional.of(true);
            }
            if (v.equals("0") || v.equalsIgnoreCase("false") || v.equalsIgnoreCase("off")) {
                return Optional.of(false);
            }
            return Optional.empty();
        }
    }

    public static final Variable POLL_INTERVAL = integer("SUPERVISOR_POLL_INTERVAL", "appUpdatePollInterval",
            900_000, 1, true);
    public static final Variable INSTANT_UPDATES = bool("SUPERVISOR_INSTANT_UPDATE_TRIGGER", "instantUpdates", true,
            true);
    public static final Variable LOCAL_MODE = bool("SUPERVISOR_LOCAL_MODE", "localMode", false, true);
    public static final Variable CONNECTIVITY_CHECK = bool("SUPERVISOR_CONNECTIVITY_CHECK",
            "connectivityCheckEnabled", true, true);
    public static final Variable LOG_CONTROL = bool("SUPERVISOR_LOG_CONTROL", "loggingEnabled", true, true);
    public static final Variable REQUEST_TIMEOUT = integer("SUPERVISOR_API_REQUEST_TIMEOUT", "apiRequestTimeout",
            59_000, 1, true);
    public static final Variable LOCK_OVERRIDE = bool("SUPERVISOR_OVERRIDE_LOCK", "lockOverride", false, true);
    public static final Variable HARDWARE_METRICS = bool("SUPERVISOR_HARDWARE_METRICS", "hardwareMetrics", true,
            true);

    /** balena's order (its configuration schema), which is the order of the change messages. */
    public static final List<Variable> ALL = List.of(POLL_INTERVAL, INSTANT_UPDATES, LOCAL_MODE,
            CONNECTIVITY_CHECK, LOG_CONTROL, REQUEST_TIMEOUT,
            bool("SUPERVISOR_DELTA", "delta", false, false),
            integer("SUPERVISOR_DELTA_REQUEST_TIMEOUT", "deltaRequestTimeout", 59_000, 0, false),
            integer("SUPERVISOR_DELTA_APPLY_TIMEOUT", "deltaApplyTimeout", 0, 0, false),
            integer("SUPERVISOR_DELTA_RETRY_COUNT", "deltaRetryCount", 30, 0, false),
            integer("SUPERVISOR_DELTA_RETRY_INTERVAL", "deltaRetryInterval", 10_000, 0, false),
            integer("SUPERVISOR_DELTA_VERSION", "deltaVersion", 2, 0, false),
            LOCK_OVERRIDE,
            bool("SUPERVISOR_PERSISTENT_LOGGING", "persistentLogging", false, false),
            new Variable("HOST_FIREWALL_MODE", "firewallMode", Type.TEXT, "off", 0, List.of("on", "off", "auto"),
                    false),
            bool("HOST_DISCOVERABILITY", "hostDiscoverability", true, false),
            HARDWARE_METRICS);

    private DeviceVariables() {
    }

    /**
     * A target's reading: the value of every variable (the default where it is absent or invalid), in
     * {@link #ALL}'s order, and a warning in balena's words for each invalid one.
     */
    public record Reading(Map<String, String> values, List<String> warnings) {
        public Reading {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            warnings = List.copyOf(warnings);
        }
    }

    public static Reading read(Map<String, String> config) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Variable variable : ALL) {
            Optional<String> given = given(config, variable);
            if (given.isPresent() && !variable.valid(given.get())) {
                warnings.add("Warning: Ignoring invalid device configuration value for " + variable.configKey()
                        + ", value: '" + given.get() + "'. Falling back to default (" + variable.defaultValue() + ")");
                given = Optional.empty();
            }
            values.put(variable.name(), given.map(String::strip).orElse(variable.defaultValue()));
        }
        return new Reading(values, warnings);
    }

    /** A variable's value in a target's config: the default when absent or invalid. */
    public static String value(Map<String, String> config, Variable variable) {
        return given(config, variable).filter(variable::valid).map(String::strip).orElse(variable.defaultValue());
    }

    public static boolean flag(Map<String, String> config, Variable variable) {
        return Variable.bool(value(config, variable)).orElse(false);
    }

    public static long number(Map<String, String> config, Variable variable) {
        return Long.parseLong(value(config, variable));
    }

    /**
     * The variables whose value differs between two readings (by type: {@code on} equals {@code true}), with the
     * new values, in {@link #ALL}'s order; empty when nothing changed.
     */
    public static Map<String, String> changes(Map<String, String> current, Map<String, String> target) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (Variable variable : ALL) {
            String now = current.getOrDefault(variable.name(), variable.defaultValue());
            String next = target.getOrDefault(variable.name(), variable.defaultValue());
            if (!variable.valid(now) || !variable.same(now, next)) {
                changes.put(variable.name(), next);
            }
        }
        return changes;
    }

    /** A change as balena's messages show it: {@code {"SUPERVISOR_POLL_INTERVAL":"60000"}}. */
    public static String json(Map<String, String> changes) {
        StringBuilder out = new StringBuilder("{");
        changes.forEach((name, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            JsonText.appendQuoted(out, name);
            out.append(':');
            JsonText.appendQuoted(out, value);
        });
        return out.append('}').toString();
    }

    private static Optional<String> given(Map<String, String> config, Variable variable) {
        return DeviceFlags.value(config, variable.name());
    }

    private static Variable bool(String name, String configKey, boolean defaultValue, boolean own) {
        return new Variable(name, configKey, Type.BOOLEAN, Boolean.toString(defaultValue), 0, List.of(), own);
    }

    private static Variable integer(String name, String configKey, long defaultValue, long minimum, boolean own) {
        return new Variable(name, configKey, Type.INTEGER, Long.toString(defaultValue), minimum, List.of(), own);
    }
}
