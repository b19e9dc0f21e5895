package io.bosun.engine;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The test bed written by scripts/testbed.sh: the real engine, the registries and the test images. */
final class TestBed {
    static final Path DIR = Path.of(System.getenv().getOrDefault("BOSUN_TESTBED_DIR", "/var/tmp/bosun-testbed"));
    private static final Properties ENV = load();

    private TestBed() {
    }

    private static Properties load() {
        Path file = DIR.resolve("testbed.env");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: run scripts/testbed.sh (./bosun test does)");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    static String get(String key) {
        String value = ENV.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("testbed.env has no " + key);
        }
        return value;
    }

    /** An engine component wired to the test bed's engine, as the configuration bundle would wire it. */
    static DockerEngine engine(Path dataDir) {
        return engine(dataDir, URI.create(get("DOCKER_HOST")));
    }

    /** An engine component wired to the engine at dockerHost (a {@link PrivateEngine}'s, say). */
    static DockerEngine engine(Path dataDir, URI dockerHost) {
        SupervisorSettings settings = new SupervisorSettings(dataDir, "127.0.0.1", 0, dataDir.resolve("config.json"),
                dockerHost, dataDir.resolve("locks"));
        DockerEngine engine = new DockerEngine();
        engine.bindConfig(new SupervisorConfig() {
            @Override
            public SupervisorSettings settings() {
                return settings;
            }

            @Override
            public DeviceIdentity device() {
                return new DeviceIdentity("testdevice", Optional.empty(), "generic-amd64", "amd64");
            }

            @Override
            public String version() {
                return "test";
            }
        });
        return engine;
    }

    record Result(int exitCode, String output) {
    }

    /** Runs the docker CLI against the test bed's engine: the "outside Bosun" actor of the tests. */
    static Result docker(String... args) {
        List<String> command = new ArrayList<>(List.of(get("BOSUN_DOCKER_CLI")));
        command.addAll(List.of(args));
        return run(command);
    }

    static Result run(List<String> command) {
        return run(command, Map.of());
    }

    /**
     * Runs a command with the test bed's docker variables (env overrides them), bounded: its output goes to a file,
     * not a pipe, so that waiting for it can time out (a read from a pipe cannot) and the command is killed.
     */
    static Result run(List<String> command, Map<String, String> env) {
        Path output = null;
        Process p = null;
        try {
            output = Files.createTempFile("bosun-testbed-run", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("DOCKER_HOST", get("DOCKER_HOST"));
            pb.environment().put("DOCKER_API_VERSION", get("DOCKER_API_VERSION"));
            pb.environment().put("DOCKER_CONFIG", DIR.resolve("docker-config").toString());
            pb.environment().putAll(env);
            p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("timed out after 120 s: " + command + "\n" + read(output));
            }
            return new Result(p.exitValue(), read(output).strip());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            p.destroyForcibly(); // the test timed out: the command must not outlive it
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    private static String read(Path output) throws IOException {
        return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
    }

    /** Removes what a test app left on the engine: its containers, volumes and networks. */
    static void clean(long appId, String appUuid) {
        String ids = docker("ps", "-aq", "--filter", "label=io.balena.app-id=" + appId).output();
        if (!ids.isBlank()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
            rm.addAll(List.of(ids.split("\\s+")));
            docker(rm.toArray(String[]::new));
        }
        for (String volume : docker("volume", "ls", "-q", "--filter", "name=^" + appId + "_").output().split("\\s+")) {
            if (!volume.isBlank()) {
                docker("volume", "rm", "-f", volume);
            }
        }
        for (String network : docker("network", "ls", "-q", "--filter", "name=" + appUuid + "_").output()
                .split("\\s+")) {
            if (!network.isBlank()) {
                docker("network", "rm", network);
            }
        }
    }
}
