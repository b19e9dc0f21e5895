package io.bosun.systests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The exported jar started again and again in one folder, as a device's service manager runs it: SIGKILLed on
 * purpose ({@link #kill}), stopped with SIGTERM ({@link #stop}), its output appended to one log over every start,
 * each start marked. Not {@link SupervisorProcess}: its close() turns a stop that hangs into a kill without saying
 * so, and each of its starts truncates its log.
 */
final class KillableRuntime {
    private static final String MARK = "===== start ";
    private final Path dir;
    private final Path log;
    private Process process;
    private int starts;

    KillableRuntime(Path dir, Path log) {
        this.dir = dir;
        this.log = log;
    }

    /** {@code java -jar bosun.jar} with this JVM's java (no shell, so SIGKILL reaches the runtime). */
    void start(Map<String, String> env) throws IOException {
        starts++;
        Files.writeString(log, MARK + starts + " =====\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = SupervisorProcess.killableRuntime(dir, log);
        builder.environment().putAll(env);
        process = builder.start();
    }

    /** SIGKILL ({@link Process#destroyForcibly} on Linux), and wait until the JVM is really gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            fail("pid " + process.pid() + " still runs 10 s after SIGKILL");
        }
    }

    /** SIGTERM, the normal stop; it must end by itself within the bound. */
    void stop(Duration bound) throws Exception {
        process.destroy();
        if (!process.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
            fail("the runtime did not stop within " + bound.toSeconds() + " s of SIGTERM\n" + tail(150));
        }
    }

    /** At the end of a test: a runtime left running would put its apps back. */
    void killIfRunning() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Waits for the process to end by itself: its exit code, or -1 if it still runs after the bound. */
    int waitForExit(Duration bound) throws InterruptedException {
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** How the process ended; -1 while it runs. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    Path log() {
        return log;
    }

    String tail(int count) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return "---- last lines of " + log + " ----\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** The lines of the log since the last start. */
    List<String> currentRun() throws IOException {
        List<String> lines = Files.readAllLines(log);
        int from = lines.size();
        while (from > 0 && !lines.get(from - 1).startsWith(MARK)) {
            from--;
        }
        return lines.subList(from, lines.size());
    }
}
