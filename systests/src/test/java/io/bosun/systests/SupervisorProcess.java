package io.bosun.systests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The exported jar run as a user runs it: {@code java -jar bosun.jar} with environment overrides. */
final class SupervisorProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("bosun.jar", "../runtime/target/bosun.jar"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final Path output;

    private SupervisorProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static SupervisorProcess start(Map<String, String> env, Path workDir) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("no exported runtime at " + JAR.toAbsolutePath() + "; build runtime/ first");
        }
        return start(List.of(javaBinary(), "-jar", JAR.toAbsolutePath().toString()), env, workDir);
    }

    /** Any command that starts the supervisor (the shipped start script), its output appended to one log. */
    static SupervisorProcess start(List<String> command, Map<String, String> env, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path output = workDir.resolve("supervisor.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("BOSUN_"));
        builder.environment().putAll(env);
        return new SupervisorProcess(builder.start(), output);
    }

    /**
     * {@code java -jar bosun.jar} with this JVM's java itself (no shell, so a SIGKILL reaches the runtime), run in
     * {@code dir}, its output appended to {@code log} (one log over every start), with none of this JVM's
     * {@code BOSUN_}/{@code DOCKER_} variables: the caller sets the ones it means.
     */
    static ProcessBuilder killableRuntime(Path dir, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString())
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("BOSUN_") || k.startsWith("DOCKER_"));
        return builder;
    }

    /** The documented overrides a test starts with: the port, and the data and lock folders under its folder. */
    static Map<String, String> env(int port, Path dir) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("BOSUN_API_PORT", Integer.toString(port));
        env.put("BOSUN_DATA_DIR", dir.resolve("data").toString());
        env.put("BOSUN_LOCKS_DIR", dir.resolve("locks").toString());
        return env;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits for the process to end by itself; -1 if it did not within the bound. */
    int waitForExit(Duration bound) throws InterruptedException {
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** GETs a path until Bosun answers, up to the bound; null if it did not. */
    HttpResponse<String> awaitGet(int port, String path, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(20);
        }
        return null;
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
