package io.bosun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bosun.spi.config.SupervisorSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {
    private static final Path CWD = Path.of("/home/user/work");

    @Test
    void defaultsAsRootUseSystemFolders() throws Exception {
        SupervisorSettings settings = EnvironmentSettings.read(Map.of(), true, CWD);
        assertEquals(Path.of("/var/lib/bosun"), settings.dataDir());
        assertEquals(Path.of("/var/lib/bosun/config.json"), settings.configJson());
        assertEquals(48484, settings.apiPort());
        assertEquals("127.0.0.1", settings.apiHost());
        assertEquals(URI.create("unix:///var/run/docker.sock"), settings.dockerHost());
        assertEquals(Path.of("/tmp/balena-supervisor"), settings.locksDir());
    }

    @Test
    void defaultsAsUserKeepDataInTheWorkingFolder() throws Exception {
        SupervisorSettings settings = EnvironmentSettings.read(Map.of(), false, CWD);
        assertEquals(Path.of("/home/user/work/data"), settings.dataDir());
        assertEquals(Path.of("/home/user/work/data/config.json"), settings.configJson());
    }

    @Test
    void configJsonFollowsTheDataDirUnlessSet() throws Exception {
        assertEquals(Path.of("/srv/b/config.json"),
                EnvironmentSettings.read(Map.of("BOSUN_DATA_DIR", "/srv/b"), true, CWD).configJson());
        assertEquals(Path.of("/boot/config.json"), EnvironmentSettings
                .read(Map.of("BOSUN_DATA_DIR", "/srv/b", "BOSUN_CONFIG_JSON", "/boot/config.json"), true, CWD)
                .configJson());
    }

    @Test
    void everyVariableIsRead() throws Exception {
        SupervisorSettings settings = EnvironmentSettings.read(Map.of("BOSUN_DATA_DIR", "rel/data",
                "BOSUN_API_PORT", "48500", "BOSUN_API_HOST", "0.0.0.0", "DOCKER_HOST", "tcp://127.0.0.1:2375",
                "BOSUN_LOCKS_DIR", "/run/locks"), false, CWD);
        assertEquals(Path.of("rel/data").toAbsolutePath(), settings.dataDir());
        assertEquals(48500, settings.apiPort());
        assertEquals("0.0.0.0", settings.apiHost());
        assertEquals(URI.create("tcp://127.0.0.1:2375"), settings.dockerHost());
        assertEquals(Path.of("/run/locks"), settings.locksDir());
    }

    @Test
    void portZeroAsksForAFreePort() throws Exception {
        assertEquals(0, EnvironmentSettings.read(Map.of("BOSUN_API_PORT", "0"), true, CWD).apiPort());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "BOSUN_API_PORT|abc|BOSUN_API_PORT: 'abc' is not a port number (0-65535; 0 picks a free port)",
        "BOSUN_API_PORT|65536|BOSUN_API_PORT: '65536' is not a port number (0-65535; 0 picks a free port)",
        "BOSUN_API_PORT|-1|BOSUN_API_PORT: '-1' is not a port number (0-65535; 0 picks a free port)",
        "BOSUN_API_PORT|' '|BOSUN_API_PORT: is set but empty; unset it to use the default",
        "BOSUN_API_HOST|http://x|BOSUN_API_HOST: 'http://x' is not a host name or IP address",
        "DOCKER_HOST|http://127.0.0.1:2375|DOCKER_HOST: 'http://127.0.0.1:2375' has scheme 'http'; use unix:// or tcp://",
        "DOCKER_HOST|unix://docker.sock|DOCKER_HOST: 'unix://docker.sock' needs an absolute socket path, e.g. unix:///var/run/docker.sock",
        "DOCKER_HOST|tcp://127.0.0.1|DOCKER_HOST: 'tcp://127.0.0.1' needs a host and a port, e.g. tcp://127.0.0.1:2375",
        "DOCKER_HOST|unix:// /x|DOCKER_HOST: 'unix:// /x' is not a URI (Illegal character in authority)",
        "BOSUN_DATA_DIR|''|BOSUN_DATA_DIR: is set but empty; unset it to use the default",
        "BOSUN_LOCKS_DIR|a\u0000b|BOSUN_LOCKS_DIR: 'a\u0000b' is not a valid path",
    })
    void aBadValueIsRejectedNamingTheVariable(String variable, String value, String message) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> EnvironmentSettings.read(Map.of(variable, value), true, CWD));
        assertEquals(variable, e.variable());
        assertEquals(message, e.getMessage());
    }
}
