package io.bosun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Publishing: every configuration once, and an unchanged one not again (a restart of the bundle is no change). */
class ConfigActivatorTest {
    @Test
    void anUnchangedConfigurationIsNotUpdatedAgain() {
        FakeConfigurationAdmin configAdmin = new FakeConfigurationAdmin();
        Map<String, Hashtable<String, Object>> byPid = new LinkedHashMap<>();
        byPid.put("io.bosun.host", new Hashtable<>(Map.of("rebootCommand", "systemctl reboot")));
        byPid.put("io.bosun.keys", new Hashtable<>());
        ConfigActivator.publish(configAdmin.admin(), byPid);
        ConfigActivator.publish(configAdmin.admin(), byPid);
        assertEquals(1, configAdmin.updatesOf("io.bosun.host"));
        assertEquals(1, configAdmin.updatesOf("io.bosun.keys"));
        assertEquals(Map.of("rebootCommand", "systemctl reboot"), configAdmin.stored.get("io.bosun.host"));
    }
}
