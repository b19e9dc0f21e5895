package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.SupervisorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The config bundle turns the environment (set by itest.bndrun's -runenv) into a configuration and a service. */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ConfigurationTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceAware<SupervisorConfig> config;

    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void settingsComeFromTheEnvironment() {
        SupervisorConfig supervisor = config.getService();
        assertEquals(Path.of(System.getenv("BOSUN_DATA_DIR")).toAbsolutePath().normalize(),
                supervisor.settings().dataDir());
        assertEquals(0, supervisor.settings().apiPort());
        assertEquals("127.0.0.1", supervisor.settings().apiHost());
        assertEquals(supervisor.settings().dataDir().resolve("config.json"), supervisor.settings().configJson());
        assertTrue(supervisor.settings().locksDir().endsWith("itest-locks"), supervisor.settings().locksDir().toString());
        assertEquals("unix:///var/run/docker.sock", supervisor.settings().dockerHost().toString());
    }

    @Test
    void theDeviceGetsAUuidWrittenToConfigJsonAndIsUnmanaged() throws Exception {
        SupervisorConfig supervisor = config.getService();
        String uuid = supervisor.device().uuid();
        assertTrue(uuid.matches("[0-9a-f]{32}"), uuid);
        assertTrue(Files.readString(supervisor.settings().configJson()).contains("\"" + uuid + "\""));
        assertTrue(supervisor.device().unmanaged(), "no apiEndpoint in config.json means local mode");
    }

    @Test
    void theHttpServerListensWhereTheSettingsSay() {
        DeviceApiHttp api = DeviceApiHttp.of(context);
        assertEquals("127.0.0.1", api.base().getHost());
        assertTrue(api.base().getPort() > 0, "port 0 asked for a free port: " + api.base());
    }

    @Test
    void theSettingsArePublishedAsAConfigurationThatCanBeChanged() throws Exception {
        Configuration configuration = configAdmin.getConfiguration("io.bosun.config", "?");
        Dictionary<String, Object> original = configuration.getProperties();
        assertNotNull(original, "the config bundle published io.bosun.config");
        assertEquals(config.getService().device().uuid(), original.get("deviceUuid"));
        Hashtable<String, Object> changed = Configurations.copy(original);
        changed.put("deviceType", "raspberrypi4-64");
        int changeCount = config.getTrackingCount();
        configuration.update(changed);
        try {
            Awaiting.until("the service reflects the new configuration", () -> config.getTrackingCount() > changeCount
                    && config.getService() != null
                    && "raspberrypi4-64".equals(config.getService().device().deviceType()));
        } finally {
            configuration.update(Configurations.copy(original));
        }
        Awaiting.until("the original configuration is back", () -> config.getService() != null
                && original.get("deviceType").equals(config.getService().device().deviceType()));
    }

    /**
     * Regression: LocalModeTest failed on a fresh clone with "the target cannot be stored: no supervisor
     * configuration". A change of {@code io.bosun.config} deactivated the component and registered its service
     * again, so for a moment the store, the reconciler and the API had none. It is taken in by {@code @Modified}.
     */
    @Test
    void aConfigurationChangeNeverTakesTheServiceAway() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        ServiceListener listener = event -> events.add(switch (event.getType()) {
            case ServiceEvent.REGISTERED -> "registered";
            case ServiceEvent.UNREGISTERING -> "unregistering";
            default -> "modified";
        });
        context.addServiceListener(listener, "(objectClass=" + SupervisorConfig.class.getName() + ")");
        Configuration configuration = configAdmin.getConfiguration("io.bosun.config", "?");
        Dictionary<String, Object> original = configuration.getProperties();
        Hashtable<String, Object> changed = Configurations.copy(original);
        changed.put("deviceType", "intel-nuc");
        try {
            configuration.update(changed);
            Awaiting.until("the service reflects the change", () -> config.getService() != null
                    && "intel-nuc".equals(config.getService().device().deviceType()));
        } finally {
            configuration.update(Configurations.copy(original));
            Awaiting.until("the original configuration is back", () -> config.getService() != null
                    && original.get("deviceType").equals(config.getService().device().deviceType()));
            context.removeServiceListener(listener);
        }
        assertFalse(events.contains("unregistering") || events.contains("registered"),
                "the service stayed registered throughout: " + events);
    }
}
