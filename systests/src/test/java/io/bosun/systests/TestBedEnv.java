package io.bosun.systests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The test bed's facts (engine, registries, images), as scripts/testbed.sh wrote them. */
final class TestBedEnv {
    private TestBedEnv() {
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
}
