package io.bosun.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit as shipped (runtime/target/bosun.service), and what bosun-start tells systemd under it. No
 * systemd runs as PID 1 here, so the unit is checked with systemd-analyze, and the notifications are recorded by a
 * stand-in for systemd-notify on the PATH, with the environment systemd gives a Type=notify service.
 */
class SystemdUnitTest {
    private static final Path SHIPPED = SupervisorProcess.JAR.resolveSibling("bosun.service");

    @TempDir
    Path dir;

    @Test
    void theUnitVerifiesAndRestartsAlwaysWithAWatchdogAndMemoryLimits() throws Exception {
        String unit = Files.readString(SHIPPED);
        for (String line : List.of("Type=notify", "Restart=always", "WatchdogSec=60", "MemoryMax=", "MemoryHigh=",
                "RestartPreventExitStatus=78")) {
            assertTrue(unit.lines().anyMatch(l -> l.startsWith(line)), line + " in\n" + unit);
        }
        Path start = SupervisorProcess.JAR.resolveSibling("bosun-start").toAbsolutePath();
        Path copy = Files.writeString(dir.resolve("bosun.service"),
                unit.replace("ExecStart=/usr/lib/bosun/bosun-start", "ExecStart=" + start));
        Process verify = new ProcessBuilder("systemd-analyze", "verify", copy.toString()).redirectErrorStream(true)
                .start();
        String output = new String(verify.getInputStream().readAllBytes());
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), output);
        assertTrue(output.lines().noneMatch(l -> l.contains("bosun.service")), output);
    }

    @Test
    void bosunStartSaysReadyOnceThePingAnswersThenFeedsTheWatchdogWhileHealthyAndStopsWithTheSupervisor()
            throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("notify.calls");
        Path notify = Files.writeString(bin.resolve("systemd-notify"), "#!/bin/sh\necho \"$@\" >> " + calls + "\n");
        Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = SupervisorProcess.freePort();
        Map<String, String> env = Map.of("BOSUN_API_PORT", Integer.toString(port),
                "BOSUN_DATA_DIR", dir.resolve("data").toString(), "BOSUN_LOCKS_DIR", dir.resolve("locks").toString(),
                "BOSUN_CDS", "off", "NOTIFY_SOCKET", dir.resolve("notify.sock").toString(),
                "WATCHDOG_USEC", "3000000", "PATH", bin + ":" + System.getenv("PATH"));
        Path script = SupervisorProcess.JAR.resolveSibling("bosun-start");
        long pid;
        try (SupervisorProcess supervisor = SupervisorProcess.start(List.of(script.toString()), env,
                dir.resolve("work"))) {
            pid = supervisor.pid();
            assertEquals("OK", supervisor.awaitGet(port, "/ping", Duration.ofSeconds(60)).body(), supervisor.output());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (watchdogs(calls) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<String> lines = Files.readAllLines(calls);
            assertTrue(lines.get(0).startsWith("--pid=" + pid + " READY=1"), lines.toString());
            assertTrue(watchdogs(calls) >= 3, "a WATCHDOG=1 a second while /v1/healthy answers: " + lines);
        }
        Thread.sleep(2_500);
        long after = watchdogs(calls);
        Thread.sleep(2_500);
        assertEquals(after, watchdogs(calls), "no watchdog once the supervisor is gone");
        assertTrue(Files.readAllLines(calls).stream().allMatch(l -> l.startsWith("--pid=" + pid + " ")));
    }

    private static long watchdogs(Path calls) throws Exception {
        return Files.exists(calls) ? Files.readAllLines(calls).stream().filter(l -> l.contains("WATCHDOG=1")).count()
                : 0;
    }
}
