package io.bosun.config;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the config bundle reads at start, checked in full before any of it is published: the supervisor's
 * settings and identity, and the configurations of the bundles whose settings come from the environment.
 *
 * @param settings the supervisor's settings
 * @param byPid the properties of each configuration to publish, by PID
 */
record StartConfigurations(SupervisorSettings settings, Map<String, Hashtable<String, Object>> byPid) {

    StartConfigurations {
        byPid = Map.copyOf(byPid);
    }

    /**
     * Reads and checks; the only writes are the data folder, when missing, and a uuid for a device without one.
     *
     * @throws InvalidSettingException on the first bad value, naming its variable
     */
    static StartConfigurations read(Map<String, String> env, boolean root, Path workingDir, String jvmArch,
            String version) throws InvalidSettingException {
        SupervisorSettings settings = EnvironmentSettings.read(env, root, workingDir);
        Hashtable<String, Object> host = ConsumerConfigurations.host(env);
        Hashtable<String, Object> keys = ConsumerConfigurations.keys(env);
        Hashtable<String, Object> cloud = ConsumerConfigurations.cloud(env);
        Hashtable<String, Object> updater = ConsumerConfigurations.updater(env);
        createDataDir(settings.dataDir());
        DeviceIdentity device = ConfigJsonFile.readOrInitialise(settings.configJson(), EnvironmentSettings.CONFIG_JSON,
                jvmArch);
        Map<String, Hashtable<String, Object>> byPid = new LinkedHashMap<>();
        byPid.put(ConfigActivator.PID, ConfigurationProperties.of(settings, device, version));
        byPid.put(ConsumerConfigurations.API_PID, ConsumerConfigurations.api(settings));
        byPid.put(ConsumerConfigurations.HOST_PID, host);
        byPid.put(ConsumerConfigurations.KEYS_PID, keys);
        byPid.put(ConsumerConfigurations.CLOUD_PID, cloud);
        byPid.put(ConsumerConfigurations.UPDATER_PID, updater);
        return new StartConfigurations(settings, byPid);
    }

    private static void createDataDir(Path dataDir) throws InvalidSettingException {
        try {
            Files.createDirectories(dataDir);
            if (!Files.isWritable(dataDir)) {
                throw new InvalidSettingException(EnvironmentSettings.DATA_DIR, dataDir + " is not writable");
            }
        } catch (IOException e) {
            throw new InvalidSettingException(EnvironmentSettings.DATA_DIR,
                    "cannot create " + dataDir + " (" + e + ")");
        }
    }
}
