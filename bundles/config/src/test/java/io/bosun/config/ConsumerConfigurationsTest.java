package io.bosun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The environment of the host and store bundles, turned into their configurations. */
class ConsumerConfigurationsTest {
    @Test
    void withoutVariablesTheHostGetsTodaysDefaultsAndNoLed() throws Exception {
        assertEquals(Map.of("rebootCommand", "systemctl reboot", "shutdownCommand", "systemctl poweroff",
                "vpnStatusDir", "/run/openvpn/vpn_status"), ConsumerConfigurations.host(Map.of()));
    }

    @Test
    void theHostVariablesBecomeItsConfiguration() throws Exception {
        assertEquals(Map.of("rebootCommand", "/usr/local/bin/reboot-now --force",
                "shutdownCommand", "poweroff", "ledFile", "/sys/class/leds/led0/brightness",
                "vpnStatusDir", "/run/vpn"), ConsumerConfigurations.host(Map.of(
                        "BOSUN_REBOOT_COMMAND", "  /usr/local/bin/reboot-now --force ",
                        "BOSUN_SHUTDOWN_COMMAND", "poweroff",
                        "BOSUN_LED_FILE", "/sys/class/leds/led0/../led0/brightness",
                        "BOSUN_VPN_STATUS_DIR", "/run/vpn/")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BOSUN_REBOOT_COMMAND", "BOSUN_SHUTDOWN_COMMAND", "BOSUN_LED_FILE",
        "BOSUN_VPN_STATUS_DIR"})
    void anEmptyHostVariableIsAnErrorNotTheDefault(String variable) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ConsumerConfigurations.host(Map.of(variable, " ")));
        assertEquals(variable + ": is set but empty; unset it to use the default", e.getMessage());
    }

    @Test
    void aPathThatIsNoPathIsAnError() {
        assertEquals("BOSUN_LED_FILE: 'a\u0000b' is not a valid path", assertThrows(InvalidSettingException.class,
                () -> ConsumerConfigurations.host(Map.of("BOSUN_LED_FILE", "a\u0000b"))).getMessage());
    }

    @Test
    void theApiKeySeedGoesToTheKeysConfiguration() throws Exception {
        assertEquals(Map.of(".apiKeySeed", "Provisioned_0123"),
                ConsumerConfigurations.keys(Map.of("BOSUN_API_KEY", "Provisioned_0123")));
        assertEquals(Map.of(), ConsumerConfigurations.keys(Map.of()), "no seed, no property: a random key");
    }

    @Test
    void anApiKeySeedMustBeAKeyEveryFormCarries() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ConsumerConfigurations.keys(Map.of("BOSUN_API_KEY", "has-dash")));
        assertEquals("BOSUN_API_KEY", e.variable());
        assertEquals("BOSUN_API_KEY: may hold only letters, digits and _ (every key form must carry it: ?apikey= and "
                + "Authorization: Bearer)", e.getMessage());
        assertThrows(InvalidSettingException.class, () -> ConsumerConfigurations.keys(Map.of("BOSUN_API_KEY", "")));
    }
}
