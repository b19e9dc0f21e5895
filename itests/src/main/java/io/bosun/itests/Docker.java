package io.bosun.itests;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The test bed (scripts/testbed.sh) from inside the framework: its registry and images, and the docker CLI as
 * the observer outside Bosun that checks what the engine really runs.
 */
final class Docker {
    private static final Properties ENV = load();

    private Docker() {
    }

    private static Properties load() {
        Path file = Path.of(System.getenv().getOrDefault("BOSUN_TESTBED_DIR", "/var/tmp/bosun-testbed"))
                .resolve("testbed.env");
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(file + " is missing: run scripts/testbed.sh (./bosun test does)", e);
        }
        return p;
    }

    static String env(String key) {
        String value = ENV.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("testbed.env has no " + key);
        }
        return value;
    }

    /** A test image in the local registry, e.g. {@code box:1}. */
    static String image(String nameAndTag) {
        return env("BOSUN_REGISTRY") + "/bosun-test/" + nameAndTag;
    }

    /**
     * Pulls back any test image the engine lost: a test that makes the device managed lets the reconciler clean
     * up images no target uses, which other tests take for granted.
     */
    static void restoreTestImages() {
        for (String image : env("BOSUN_TEST_IMAGES").split(",")) {
            if (tryRun("image", "inspect", image).exitCode() != 0) {
                run("pull", image);
            }
        }
    }

    /** Runs the docker CLI; returns its trimmed output, failing the test when it fails. */
    static String run(String... args) {
        Result r = tryRun(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed: " + r.output());
        }
        return r.output();
    }

    record Result(int exitCode, String output) {
    }

    static Result tryRun(String... args) {
        List<String> command = new ArrayList<>(List.of(env("BOSUN_DOCKER_CLI")));
        command.addAll(Arrays.asList(args));
        // Bounded: the output goes to a file, not a pipe, so that the wait can time out (a pipe read cannot).
        Path output = null;
        Process p = null;
        try {
            output = Files.createTempFile("bosun-itest-docker", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("DOCKER_HOST", env("DOCKER_HOST"));
            pb.environment().put("DOCKER_API_VERSION", env("DOCKER_API_VERSION"));
            p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("docker " + String.join(" ", args) + " timed out");
            }
            return new Result(p.exitValue(), new String(Files.readAllBytes(output), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new AssertionError("cannot run docker: " + e, e);
        } catch (InterruptedException e) {
            p.destroyForcibly(); // the test timed out: the CLI must not outlive it
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
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

    /**
     * An image made of these files alone ({@code docker import} of a tar of them, so no command and no base): by
     * path in the image, without the leading slash.
     */
    static void importFiles(String image, Map<String, byte[]> files) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("bosun-itest-image");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path path = dir.resolve("root").resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.write(path, file.getValue());
            }
            Path tar = dir.resolve("image.tar");
            Process p = new ProcessBuilder("tar", "-C", dir.resolve("root").toString(), "-cf", tar.toString(), ".")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("tar.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("tar failed: " + Files.readString(dir.resolve("tar.log")));
            }
            run("import", tar.toString(), image);
        } catch (IOException e) {
            throw new AssertionError("cannot make the image " + image + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary folder
        }
    }

    /** Names of the app's containers, running or not, sorted. */
    static List<String> containers(long appId) {
        String out = run("ps", "-a", "--filter", "label=io.balena.app-id=" + appId, "--format", "{{.Names}}");
        return out.isEmpty() ? List.of() : Arrays.stream(out.split("\n")).sorted().toList();
    }

    static String inspect(String container, String format) {
        return run("inspect", "--format", format, container);
    }

    /** Removes what a test left of an app: containers, networks, volumes. */
    static void clean(long appId, String appUuid) {
        for (String c : containers(appId)) {
            tryRun("rm", "-f", "-v", c);
        }
        String networks = tryRun("network", "ls", "-q", "--filter", "label=io.balena.app-id=" + appId).output();
        for (String n : networks.split("\n")) {
            if (!n.isBlank()) {
                tryRun("network", "rm", n);
            }
        }
        String volumes = tryRun("volume", "ls", "-q", "--filter", "name=^" + appId + "_").output();
        for (String v : volumes.split("\n")) {
            if (!v.isBlank()) {
                tryRun("volume", "rm", "-f", v);
            }
        }
    }
}
