package io.bosun.systests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The test bed's facts (engine, registries, images), as scripts/testbed.sh wrote them. */
final class TestBed {
    private TestBed() {
    }

    static Properties load() throws IOException {
        Path env = Path.of(System.getenv().getOrDefault("BOSUN_TESTBED_DIR", "/var/tmp/bosun-testbed"),
                "testbed.env");
        if (!Files.isRegularFile(env)) {
            throw new IllegalStateException(env + " is missing: run scripts/testbed.sh (./bosun test does)");
        }
        Properties testbed = new Properties();
        try (InputStream in = Files.newInputStream(env)) {
            testbed.load(in);
        }
        return testbed;
    }

    /** What a docker CLI run printed (stdout and stderr) and how it ended; -1 when it timed out. */
    record Result(int exitCode, String output) {
    }

    /** Runs the docker CLI against the test bed's engine: the observer outside Bosun. */
    static Result docker(Properties testbed, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(testbed.getProperty("BOSUN_DOCKER_CLI", "docker"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("DOCKER_HOST", testbed.getProperty("DOCKER_HOST"),
                "DOCKER_API_VERSION", testbed.getProperty("DOCKER_API_VERSION", "1.41")));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
