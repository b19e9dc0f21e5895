package io.bosun.engine;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Docker engine of one test's own (scripts/private-engine.sh): its own socket, data and exec roots, default
 * bridge and containerd namespace, so that the test can stop and start it while every other test goes on using
 * the shared engine of the test bed. Needs root, as dockerd does.
 */
final class PrivateEngine implements AutoCloseable {
    private static final String SCRIPT = "../../scripts/private-engine.sh";

    private final Path dir;
    private final URI host;

    private PrivateEngine(Path dir) {
        this.dir = dir;
        this.host = URI.create("unix://" + dir.resolve("docker.sock"));
    }

    /** Starts an engine in a new folder (under /tmp: unix socket paths are short) holding these test bed images. */
    static PrivateEngine start(String... images) throws IOException {
        PrivateEngine engine = new PrivateEngine(Files.createTempDirectory(Path.of("/tmp"), "bosun-engine"));
        try {
            engine.script("start", images);
        } catch (RuntimeException | Error e) {
            try {
                engine.close();
            } catch (RuntimeException | Error cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return engine;
    }

    /** Its DOCKER_HOST. */
    URI host() {
        return host;
    }

    /** Stops the engine (SIGTERM to dockerd) and waits until it is gone; its containers stop with it. */
    void stop() {
        script("stop");
    }

    /** Starts the stopped engine again, on the same data: restart-always containers come back. */
    void start() {
        script("start");
    }

    /** The docker CLI against this engine. */
    TestBed.Result docker(String... args) {
        List<String> command = new ArrayList<>(List.of(TestBed.get("BOSUN_DOCKER_CLI")));
        command.addAll(List.of(args));
        return TestBed.run(command, Map.of("DOCKER_HOST", host.toString()));
    }

    /** Removes its containers and networks, stops it and deletes its folder and bridge. */
    @Override
    public void close() {
        script("remove");
    }

    private void script(String action, String... args) {
        List<String> command = new ArrayList<>(List.of(SCRIPT, action, dir.toString()));
        command.addAll(List.of(args));
        TestBed.Result result = TestBed.run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError("scripts/private-engine.sh " + action + " " + dir + " exited with "
                    + result.exitCode() + ":\n" + result.output());
        }
    }
}
