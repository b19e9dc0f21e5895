package io.bosun.host;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The host bundle's settings, from the {@value CommandHostControl#PID} configuration that the config bundle
 * writes at start from {@code BOSUN_REBOOT_COMMAND}, {@code BOSUN_SHUTDOWN_COMMAND}, {@code BOSUN_LED_FILE} and
 * {@code BOSUN_VPN_STATUS_DIR}; the defaults apply without one. Read by {@link CommandHostControl} and by the
 * host's device API routes ({@link HostRoutesComponent}: blink, VPN status).
 *
 * @param rebootCommand what a reboot runs, split on whitespace (no shell)
 * @param shutdownCommand what a power-off runs, likewise
 * @param ledFile the LED brightness file a blink writes {@code 1}/{@code 0} to; empty when the device has none
 * @param vpnStatusDir where the host's VPN client creates {@code active} while connected
 */
public record HostSettings(String rebootCommand, String shutdownCommand, Optional<Path> ledFile, Path vpnStatusDir) {
    static final String REBOOT_DEFAULT = "systemctl reboot";
    static final String SHUTDOWN_DEFAULT = "systemctl poweroff";
    /** Where balenaOS's VPN client marks that it is connected. */
    static final String VPN_STATUS_DEFAULT = "/run/openvpn/vpn_status";

    public static final HostSettings DEFAULTS = new HostSettings(REBOOT_DEFAULT, SHUTDOWN_DEFAULT, Optional.empty(),
            Path.of(VPN_STATUS_DEFAULT));

    public HostSettings {
        Objects.requireNonNull(rebootCommand, "rebootCommand");
        Objects.requireNonNull(shutdownCommand, "shutdownCommand");
        Objects.requireNonNull(ledFile, "ledFile");
        Objects.requireNonNull(vpnStatusDir, "vpnStatusDir");
    }

    /**
     * The settings of configured values. The config bundle has checked the environment's; a blank value, or a path
     * that is none, set through ConfigAdmin by hand, gives the default rather than a component that cannot start.
     */
    static HostSettings of(String rebootCommand, String shutdownCommand, String ledFile, String vpnStatusDir) {
        return new HostSettings(orDefault(rebootCommand, REBOOT_DEFAULT), orDefault(shutdownCommand, SHUTDOWN_DEFAULT),
                path(ledFile), path(vpnStatusDir).orElse(Path.of(VPN_STATUS_DEFAULT)));
    }

    private static String orDefault(String value, String defaultValue) {
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    private static Optional<Path> path(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(value.strip()));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
