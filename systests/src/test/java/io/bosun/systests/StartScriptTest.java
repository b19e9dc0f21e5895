package io.bosun.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bosun-start}, the launch ./bosun run, the systemd unit and the image use: a class-data archive made at the
 * first start for this jar and JDK and used from then on, the framework's storage kept between starts, and a new
 * jar never started on a stale archive. The jar and script are copied, so the test can give the jar a new time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartScriptTest {
    private static final Duration FIRST_START_BOUND = Duration.ofSeconds(120);
    private static final Duration START_BOUND = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private Path script;

    @BeforeAll
    void copyTheShippedLaunch() throws IOException {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        Files.copy(SupervisorProcess.JAR, dist.resolve("bosun.jar"));
        script = Files.copy(SupervisorProcess.JAR.resolveSibling("bosun-start"), dist.resolve("bosun-start"),
                StandardCopyOption.COPY_ATTRIBUTES);
    }

    @Test
    @Order(1)
    void theFirstStartMakesTheArchiveAndRestartsMapItAndKeepTheFrameworksStorage() throws Exception {
        Path archive = startAndPing(FIRST_START_BOUND);
        String installed = Files.readString(dir.resolve("data/framework/bosun.launch"));

        assertEquals(archive, startAndPing(START_BOUND), "the restart uses the archive the first start made");
        assertEquals(installed, Files.readString(dir.resolve("data/framework/bosun.launch")),
                "the restart started the kept storage, installing nothing");
    }

    @Test
    @Order(2)
    void aNewJarGetsItsOwnArchiveAndTheOldOneIsRemoved() throws Exception {
        Path before = onlyArchive();
        Path jar = script.resolveSibling("bosun.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

        Path after = startAndPing(FIRST_START_BOUND);
        assertNotEquals(before, after);
        assertTrue(Files.notExists(before), "the stale archive is gone");
    }

    @Test
    @Order(3)
    void aBadSettingStillEndsTheStartWithExitCode78NamingIt() throws Exception {
        Map<String, String> env = env(SupervisorProcess.freePort());
        env.put("BOSUN_API_PORT", "abc");
        try (SupervisorProcess supervisor = SupervisorProcess.start(List.of(script.toString()), env,
                dir.resolve("work"))) {
            assertEquals(78, supervisor.waitForExit(START_BOUND), supervisor.output());
            assertTrue(supervisor.output().contains("BOSUN_API_PORT: 'abc' is not a port number"),
                    supervisor.output());
        }
    }

    @Test
    @Order(4)
    void printCommandShowsTheJavaCommandAStartRuns() throws Exception {
        Process print = new ProcessBuilder(script.toString(), "--print-command").redirectErrorStream(true)
                .directory(dir.toFile()).start();
        String command = new String(print.getInputStream().readAllBytes()).trim();
        assertEquals(0, print.waitFor());
        assertTrue(command.contains("-XX:TieredStopAtLevel=1") && command.contains("-XX:+UseSerialGC")
                && command.endsWith("-jar " + script.resolveSibling("bosun.jar")), command);
    }

    @Test
    @Order(5)
    void sqlitesNativeLibraryIsLoadedFromTheDataFolderNotFromAFreshCopyInTmp() throws Exception {
        int port = SupervisorProcess.freePort();
        try (SupervisorProcess supervisor = SupervisorProcess.start(List.of(script.toString()), env(port),
                dir.resolve("work"))) {
            assertNotNull(supervisor.awaitGet(port, "/ping", START_BOUND), supervisor.output());
            String library = awaitMapped(supervisor.pid(), "libsqlitejdbc", START_BOUND);
            assertTrue(library.startsWith(dir.resolve("data/native") + "/"), library);
        }
    }

    /** The path of the first file the process maps whose name holds {@code part}, once the store has loaded it. */
    private static String awaitMapped(long pid, String part, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"))) {
                int slash = line.indexOf('/');
                if (slash >= 0 && line.substring(slash).contains(part)) {
                    return line.substring(slash);
                }
            }
            assertTrue(System.nanoTime() < deadline, "the process mapped no " + part + " within " + bound);
            Thread.sleep(100);
        }
    }

    /** Starts through the script, waits for /ping, and returns the archive the JVM has mapped. */
    private Path startAndPing(Duration bound) throws Exception {
        int port = SupervisorProcess.freePort();
        Map<String, String> env = env(port);
        try (SupervisorProcess supervisor = SupervisorProcess.start(List.of(script.toString()), env,
                dir.resolve("work"))) {
            HttpResponse<String> ping = supervisor.awaitGet(port, "/ping", bound);
            assertNotNull(ping, "no answer on port " + port + ":\n" + supervisor.output());
            assertEquals("OK", ping.body());
            Path archive = onlyArchive();
            String maps = Files.readString(Path.of("/proc", Long.toString(supervisor.pid()), "maps"));
            assertTrue(maps.contains(archive.toString()), "the JVM maps " + archive + ":\n" + supervisor.output());
            return archive;
        }
    }

    private Path onlyArchive() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("data/cds"))) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
            assertEquals(1, archives.size(), "one archive: " + archives);
            return archives.get(0);
        }
    }

    private Map<String, String> env(int port) {
        return SupervisorProcess.env(port, dir);
    }
}
