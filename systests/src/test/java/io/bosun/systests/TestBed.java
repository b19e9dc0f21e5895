package io.bosun.systests;

import java.io.File;
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

    /**
     * Runs the docker CLI against the test bed's engine: the observer outside Bosun. Bounded: the output goes to a
     * file, not a pipe, so that the wait can time out (a read from a pipe cannot) and the CLI is killed.
     */
    static Result docker(Properties testbed, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(testbed.getProperty("BOSUN_DOCKER_CLI", "docker"));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("bosun-systest-docker", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(Map.of("DOCKER_HOST", testbed.getProperty("DOCKER_HOST"),
                    "DOCKER_API_VERSION", testbed.getProperty("DOCKER_API_VERSION", "1.41")));
            Process process = builder.start();
            try {
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new Result(-1, "timed out: " + command);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly(); // the test timed out: the CLI must not outlive it
                throw e;
            }
            return new Result(process.exitValue(), new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
