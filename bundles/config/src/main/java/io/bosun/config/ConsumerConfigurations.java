package io.bosun.config;

import io.bosun.spi.config.SupervisorSettings;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of other bundles that come from the environment, as the ConfigAdmin configurations those bundles
 * designate (Sling style: the consumer declares the settings with its metatype, this bundle supplies the values).
 * Every value is checked here at start with the supervisor's own, so a bad one stops start-up, not a later call.
 * Defaults are written out, so the configuration says what the bundle runs with.
 */
final class ConsumerConfigurations {
    /** The device API's server: the address it binds. */
    static final String API_PID = "io.bosun.api";
    /** The host bundle: reboot and power-off, and the LED and VPN status its routes will read. */
    static final String HOST_PID = "io.bosun.host";
    /** The cloud connector: the VPN status its connectivity check pauses on. */
    static final String CLOUD_PID = "io.bosun.cloud";
    /** The updater: the key bundles must be signed with, and its health gate. */
    static final String UPDATER_PID = "io.bosun.updater";
    /** The store bundle's API keys. */
    static final String KEYS_PID = "io.bosun.keys";

    static final String REBOOT_COMMAND = "BOSUN_REBOOT_COMMAND";
    static final String SHUTDOWN_COMMAND = "BOSUN_SHUTDOWN_COMMAND";
    static final String LED_FILE = "BOSUN_LED_FILE";
    static final String VPN_STATUS_DIR = "BOSUN_VPN_STATUS_DIR";
    static final String API_KEY = "BOSUN_API_KEY";
    static final String BUNDLE_TRUST = "BOSUN_BUNDLE_TRUST";
    static final String BUNDLE_GATE_SECONDS = "BOSUN_BUNDLE_GATE_SECONDS";
    static final String BUNDLE_SETTLE_MS = "BOSUN_BUNDLE_SETTLE_MS";

    static final String DEFAULT_REBOOT_COMMAND = "systemctl reboot";
    static final String DEFAULT_SHUTDOWN_COMMAND = "systemctl poweroff";
    /** Where balenaOS's VPN client marks that it is connected (a file {@code active}). */
    static final String DEFAULT_VPN_STATUS_DIR = "/run/openvpn/vpn_status";

    private ConsumerConfigurations() {
    }

    /** From the supervisor's settings, already checked (BOSUN_API_HOST, BOSUN_API_PORT). */
    static Hashtable<String, Object> api(SupervisorSettings settings) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("host", settings.apiHost());
        properties.put("port", settings.apiPort());
        return properties;
    }

    /**
     * The commands stay text: the host bundle splits them on whitespace when it runs one (no shell), and looks the
     * program up then, since it may be installed after start. No LED is no {@code ledFile} property.
     */
    static Hashtable<String, Object> host(Map<String, String> env) throws InvalidSettingException {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("rebootCommand",
                EnvironmentSettings.value(env, REBOOT_COMMAND).orElse(DEFAULT_REBOOT_COMMAND));
        properties.put("shutdownCommand",
                EnvironmentSettings.value(env, SHUTDOWN_COMMAND).orElse(DEFAULT_SHUTDOWN_COMMAND));
        EnvironmentSettings.path(env, LED_FILE).ifPresent(led -> properties.put("ledFile", absolute(led)));
        properties.put("vpnStatusDir", vpnStatusDir(env));
        return properties;
    }

    /** The connectivity check is paused while the VPN is up, which the same status folder shows. */
    static Hashtable<String, Object> cloud(Map<String, String> env) throws InvalidSettingException {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("vpnStatusDir", vpnStatusDir(env));
        return properties;
    }

    /**
     * The trusted key is checked here, so a device that was meant to install signed bundles only never starts
     * taking any bundle because its key was mistyped.
     */
    static Hashtable<String, Object> updater(Map<String, String> env) throws InvalidSettingException {
        Hashtable<String, Object> properties = new Hashtable<>();
        Optional<String> trust = EnvironmentSettings.value(env, BUNDLE_TRUST);
        if (trust.isPresent()) {
            try {
                byte[] der = java.util.Base64.getDecoder().decode(trust.get().trim());
                java.security.KeyFactory.getInstance("Ed25519")
                        .generatePublic(new java.security.spec.X509EncodedKeySpec(der));
            } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
                throw new InvalidSettingException(BUNDLE_TRUST, "is not an Ed25519 public key (base64 of its X.509"
                        + " encoding, as `openssl pkey -pubout -outform DER | base64 -w0` prints it)");
            }
            properties.put("trust", trust.get().trim());
        }
        properties.put("gateSeconds", positive(env, BUNDLE_GATE_SECONDS, 30));
        properties.put("settleMillis", positive(env, BUNDLE_SETTLE_MS, 3000));
        return properties;
    }

    private static long positive(Map<String, String> env, String variable, long fallback)
            throws InvalidSettingException {
        Optional<String> value = EnvironmentSettings.value(env, variable);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.get().trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new InvalidSettingException(variable, "must be a whole number above 0: " + value.get());
    }

    private static String vpnStatusDir(Map<String, String> env) throws InvalidSettingException {
        return absolute(EnvironmentSettings.path(env, VPN_STATUS_DIR).orElse(Path.of(DEFAULT_VPN_STATUS_DIR)));
    }

    /**
     * {@code BOSUN_API_KEY} seeds the global key when none is stored yet. A key no client could present in every
     * form ({@code ?apikey=} and {@code Authorization: Bearer}, balena's {@code \w+}) stops start-up here rather
     * than being refused quietly later. No seed is no property. The property is private ({@code .apiKeySeed}):
     * it is the global key, and Declarative Services copies every other property into the service properties.
     */
    static Hashtable<String, Object> keys(Map<String, String> env) throws InvalidSettingException {
        Hashtable<String, Object> properties = new Hashtable<>();
        Optional<String> seed = EnvironmentSettings.value(env, API_KEY);
        if (seed.isPresent() && !seed.get().matches("\\w+")) {
            throw new InvalidSettingException(API_KEY, "may hold only letters, digits and _ (every key form must"
                    + " carry it: ?apikey= and Authorization: Bearer)");
        }
        seed.ifPresent(key -> properties.put(".apiKeySeed", key));
        return properties;
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
