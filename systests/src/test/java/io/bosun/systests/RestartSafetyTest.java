package io.bosun.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.VolumeConfig;
import io.bosun.store.TargetSeeder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart safety: the runtime is SIGKILLed at random moments while it moves one app between two releases, started
 * again on the other release, and in the end converges to the last target with one container per service and the
 * named volume's data intact. Targets are seeded into the database while no runtime runs, as a target received
 * just before a crash would be found there at boot.
 *
 * <p>The runtime removes every supervised app that is not in its target, so nothing else may run supervised
 * containers on the test bed's engine meanwhile (surefire runs the classes one after the other). To run it beside
 * other work, give it a private test bed: {@code BOSUN_TESTBED_DIR=/var/tmp/other
 * DOCKER_HOST=unix:///var/tmp/other/docker.sock BOSUN_DOCKERD_ARGS="--bridge=none --iptables=false"
 * scripts/testbed.sh}, then run the test with that {@code BOSUN_TESTBED_DIR}.
 */
class RestartSafetyTest {
    private static final long APP_ID = 7601;
    private static final String APP_UUID = "restartsafety7601";
    private static final String DEVICE_UUID = "76017601760176017601760176017601";
    private static final String NETWORK = APP_UUID + "_default";
    private static final String VOLUME = APP_ID + "_data";
    /** The service that mounts the volume; the other two only give the executor more to do at once. */
    private static final String MAIN = "main";
    private static final List<String> SERVICES = List.of(MAIN, "side", "worker");
    private static final int KILLS = 25;
    /**
     * Most kills come at a random moment of the first 2 s of the apply (an update takes about 1-1.5 s on two
     * cores), counted from the reconciler's first log line so that a slow JVM start does not move them out of it;
     * one in five comes during the boot instead, 0.2-1.5 s after the start.
     */
    private static final int MAX_APPLY_DELAY_MS = 2000;
    private static final int MIN_BOOT_DELAY_MS = 200;
    private static final int MAX_BOOT_DELAY_MS = 1500;
    /** What the reconciler logs when it begins to apply the stored target at boot. */
    private static final String APPLYING = "Applying the stored target";
    private static final Duration CONVERGE_BOUND = Duration.ofSeconds(90);
    /** Once converged, the app must stay so this long: a duplicate made late would show here. */
    private static final Duration STABLE_FOR = Duration.ofSeconds(3);

    @TempDir
    static Path dir;
    private static Properties testbed;
    private static Release a;
    private static Release b;
    /** Whether each release's registry tag was on the engine before: put back as it was at the end. */
    private static final Map<Release, Boolean> tagBefore = new LinkedHashMap<>();
    private static KillableRuntime runtime;

    /** One release of the app: every service runs {@code box:<box>} under this release's commit and ids. */
    private record Release(String label, String commit, long releaseId, int box, long imageIdBase) {
        String image() {
            return testbed.getProperty("BOSUN_REGISTRY") + "/bosun-test/box:" + box;
        }

        long imageId(String service) {
            return imageIdBase + SERVICES.indexOf(service);
        }

        String containerName(String service) {
            return service + "_" + imageId(service) + "_" + releaseId + "_" + commit;
        }

        TargetState target() {
            Map<String, TargetService> services = new LinkedHashMap<>();
            for (String name : SERVICES) {
                Map<String, Object> composition = new LinkedHashMap<>();
                composition.put("command", "sleep 3600");
                // sleep as PID 1 ignores SIGTERM: a short grace period keeps every stop and kill quick.
                composition.put("stop_grace_period", "1s");
                if (name.equals(MAIN)) {
                    composition.put("volumes", List.of("data:/data"));
                }
                services.put(name, new TargetService(name, 76010 + SERVICES.indexOf(name), imageId(name), image(),
                        Map.of(), Map.of(), true, Map.of(), composition));
            }
            TargetRelease release = new TargetRelease(commit, releaseId, services,
                    Map.of("data", new VolumeConfig(null, null, null)), Map.of());
            TargetApp app = new TargetApp(APP_UUID, APP_ID, "restartsafety", AppClass.FLEET, Optional.empty(), false,
                    Map.of(commit, release));
            return new TargetState(DEVICE_UUID, "restartsafety", Map.of(), Map.of(APP_UUID, app));
        }
    }

    @BeforeAll
    static void prepare() throws Exception {
        testbed = TestBed.load();
        if (!Files.isRegularFile(SupervisorProcess.JAR)) {
            throw new IllegalStateException("no exported runtime at " + SupervisorProcess.JAR.toAbsolutePath());
        }
        a = new Release("A", "aaaa7601aaaa7601aaaa7601aaaa7601", 760101, 1, 7601101);
        b = new Release("B", "bbbb7601bbbb7601bbbb7601bbbb7601", 760102, 2, 7601201);
        removeAppFromEngine(); // what an aborted earlier run may have left
        for (Release r : List.of(a, b)) {
            tagBefore.put(r, docker("image", "inspect", r.image()).exitCode() == 0);
        }
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        // No apiEndpoint: local mode, so the volume of the app is never removed with a release.
        Files.writeString(data.resolve("config.json"), "{\"uuid\": \"" + DEVICE_UUID + "\"}");
        runtime = new KillableRuntime(dir, dir.resolve("supervisor.log"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (runtime != null) {
            runtime.killIfRunning(); // else it would put the containers back
        }
        removeAppFromEngine();
        if (runtime != null && Files.isRegularFile(runtime.log())) {
            // The temporary folder goes; the runtime's log of every start stays for reading after the run.
            Files.copy(runtime.log(), Path.of("target", "restart-safety-supervisor.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        for (Map.Entry<Release, Boolean> tag : tagBefore.entrySet()) {
            if (tag.getValue()) {
                docker("image", "tag", "bosun-test/box:" + tag.getKey().box(), tag.getKey().image());
            } else {
                docker("image", "rm", tag.getKey().image());
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void convergesAfterRandomKillsDuringUpdates() throws Exception {
        long seed = Long.getLong("bosun.restartsafety.seed", new SecureRandom().nextLong());
        Random random = new Random(seed);
        say("seed %d (repeat with -Dbosun.restartsafety.seed=%d), %d kills", seed, seed, KILLS);
        long began = System.nanoTime();

        TargetSeeder.seed(dir.resolve("data"), a.target());
        start();
        awaitConverged(a, "release A at first");
        TestBed.Result marker = docker("exec", a.containerName(MAIN), "sh", "-c", "echo keep > /data/marker");
        assertEquals(0, marker.exitCode(), marker.output());
        say("converged on A after %d ms; marker written to %s", millisSince(began), VOLUME);
        kill(); // idle here: the kills that count come below, each during an update

        Release seeded = a;
        int untagged = 0;
        Map<String, Integer> landed = new LinkedHashMap<>();
        for (int i = 1; i <= KILLS; i++) {
            seeded = seeded == a ? b : a;
            // Half the time the release's image tag goes too (the image stays, under bosun-test/box:N), so that
            // a pull is part of the update and some kills land in it: local mode keeps images once pulled.
            boolean untag = random.nextBoolean() && docker("image", "rm", seeded.image()).exitCode() == 0;
            if (untag) {
                untagged++;
            }
            TargetSeeder.seed(dir.resolve("data"), seeded.target());
            boolean duringBoot = random.nextInt(5) == 0;
            int delay = duringBoot ? MIN_BOOT_DELAY_MS + random.nextInt(MAX_BOOT_DELAY_MS - MIN_BOOT_DELAY_MS + 1)
                    : random.nextInt(MAX_APPLY_DELAY_MS + 1);
            start();
            long started = System.nanoTime();
            if (!duringBoot) {
                awaitLogLine(APPLYING, Duration.ofSeconds(30));
            }
            Thread.sleep(delay);
            String moment = duringBoot ? "during the boot, " + delay + " ms after the start"
                    : delay + " ms into the apply (" + millisSince(started) + " ms after the start)";
            if (!runtime.isAlive()) {
                fail("the runtime exited by itself (code " + runtime.exitCode() + ") in round " + i + "\n"
                        + tail());
            }
            kill();
            List<String> containers = containers();
            // Where the kill left the containers (a pull or a lock leaves no trace here).
            String when = matches(containers, seeded) ? "at the seeded release"
                    : matches(containers, seeded == a ? b : a) ? "still at the other release" : "between releases";
            landed.merge(when, 1, Integer::sum);
            say("kill %2d/%d: seeded %s%s, killed %s; %s: %s | last: %s", i, KILLS, seeded.label(),
                    untag ? " (tag removed)" : "", moment, when, describe(containers), lastLineOfRun());
        }

        start();
        long finalStart = System.nanoTime();
        awaitConverged(seeded, "release " + seeded.label() + " after " + KILLS + " kills");
        say("converged on %s %d ms after the last start", seeded.label(), millisSince(finalStart));
        awaitStable(seeded);
        TestBed.Result kept = docker("exec", seeded.containerName(MAIN), "cat", "/data/marker");
        assertEquals(0, kept.exitCode(), kept.output() + "\n" + tail());
        assertEquals("keep", kept.output().strip(), "the data in " + VOLUME + " survived every kill");
        stop();
        try (var files = Files.list(dir.resolve("data"))) {
            List<String> corrupt = files.map(f -> f.getFileName().toString()).filter(f -> f.contains(".corrupt-"))
                    .toList();
            assertEquals(List.of(), corrupt, "no kill corrupted the database (the store moves a corrupt one aside)");
        }
        say("done in %d s: %d kills (%d with the image tag removed; landed %s), converged on %s",
                millisSince(began) / 1000, KILLS, untagged, landed, seeded.label());
    }

    // --- the runtime process

    private static void start() throws IOException {
        runtime.start(Map.of(
                "BOSUN_DATA_DIR", dir.resolve("data").toString(),
                "BOSUN_LOCKS_DIR", dir.resolve("locks").toString(),
                "BOSUN_API_PORT", "0",
                "DOCKER_HOST", testbed.getProperty("DOCKER_HOST")));
    }

    private static void kill() throws InterruptedException {
        runtime.kill();
    }

    private static void stop() throws Exception {
        runtime.stop(Duration.ofSeconds(30));
    }

    private static String tail() throws IOException {
        return runtime.tail(150);
    }

    /** Waits until the current run has logged a line containing the text. */
    private static void awaitLogLine(String text, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (currentRun().stream().noneMatch(l -> l.contains(text))) {
            if (!runtime.isAlive() || System.nanoTime() > deadline) {
                fail("the runtime did not log '" + text + "' within " + bound.toSeconds() + " s of its start"
                        + (runtime.isAlive() ? "" : " (it exited, code " + runtime.exitCode() + ")") + "\n" + tail());
            }
            Thread.sleep(20);
        }
    }

    private static List<String> currentRun() throws IOException {
        return runtime.currentRun();
    }

    /** The last line Bosun's own code logged before the kill: roughly what it was doing. */
    private static String lastLineOfRun() throws IOException {
        List<String> run = currentRun();
        for (int i = run.size() - 1; i >= 0; i--) {
            if (run.get(i).contains(" io.bosun.")) {
                return run.get(i).strip();
            }
        }
        return "(nothing logged by Bosun yet)";
    }

    // --- convergence

    private static void awaitConverged(Release release, String what) throws Exception {
        long deadline = System.nanoTime() + CONVERGE_BOUND.toNanos();
        String difference = difference(release);
        while (difference != null && System.nanoTime() < deadline) {
            if (!runtime.isAlive()) {
                fail("the runtime exited (code " + runtime.exitCode() + ") before it reached " + what + "\n"
                        + tail());
            }
            Thread.sleep(250);
            difference = difference(release);
        }
        if (difference != null) {
            fail("not at " + what + " within " + CONVERGE_BOUND.toSeconds() + " s: " + difference + "\n" + tail());
        }
    }

    private static void awaitStable(Release release) throws Exception {
        long until = System.nanoTime() + STABLE_FOR.toNanos();
        while (System.nanoTime() < until) {
            Thread.sleep(500);
            String difference = difference(release);
            if (difference != null) {
                fail("converged on " + release.label() + ", then left it: " + difference + "\n" + tail());
            }
        }
    }

    /**
     * Null when the engine holds exactly the release: one running container per service under its name (so none
     * of the other release, no duplicate, no {@code old_} leftover), one default network, and the volume; else
     * what differs.
     */
    private static String difference(Release release) throws Exception {
        List<String> containers = containers();
        if (!matches(containers, release)) {
            return "containers " + containers + ", expected " + expected(release);
        }
        List<String> networks = lines(docker("network", "ls", "--format", "{{.Name}}")).stream()
                .filter(NETWORK::equals).toList();
        if (networks.size() != 1) {
            return networks.size() + " networks named " + NETWORK;
        }
        if (docker("volume", "inspect", VOLUME).exitCode() != 0) {
            return "no volume " + VOLUME;
        }
        return null;
    }

    /** Whether the containers are exactly the release's, all running. */
    private static boolean matches(List<String> containers, Release release) {
        return containers.size() == SERVICES.size() && new HashSet<>(containers).equals(expected(release));
    }

    private static Set<String> expected(Release release) {
        return SERVICES.stream().map(s -> release.containerName(s) + " running").collect(Collectors.toSet());
    }

    /** The app's containers as {@code <name> <state>}, whatever their state. */
    private static List<String> containers() throws Exception {
        return lines(docker("ps", "-a", "--filter", "label=io.balena.app-id=" + APP_ID, "--format",
                "{{.Names}} {{.State}}"));
    }

    /** Containers by release and state, e.g. {@code A:main running, B:side created}. */
    private static String describe(List<String> containers) {
        if (containers.isEmpty()) {
            return "no containers";
        }
        return containers.stream().sorted().map(c -> {
            String name = c.substring(0, c.indexOf(' '));
            boolean old = name.startsWith("old_");
            String plain = old ? name.substring(4) : name;
            String release = (old ? "old_" : "") + (plain.endsWith(a.commit()) ? "A" : "B");
            int service = plain.indexOf('_');
            return release + ":" + (service < 0 ? plain : plain.substring(0, service)) + c.substring(c.indexOf(' '));
        }).collect(Collectors.joining(", "));
    }

    // --- the engine

    private static void removeAppFromEngine() throws Exception {
        List<String> ids = lines(docker("ps", "-aq", "--filter", "label=io.balena.app-id=" + APP_ID));
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(ids);
            docker(rm.toArray(String[]::new));
        }
        // Network names may repeat on the engine: remove every one, by id.
        for (String row : lines(docker("network", "ls", "--format", "{{.ID}} {{.Name}}"))) {
            String[] idAndName = row.split(" ", 2);
            if (idAndName.length == 2 && idAndName[1].startsWith(APP_UUID + "_")) {
                docker("network", "rm", idAndName[0]);
            }
        }
        docker("volume", "rm", "-f", VOLUME);
    }

    private static List<String> lines(TestBed.Result result) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("docker failed: " + result.output());
        }
        return result.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static TestBed.Result docker(String... args) throws IOException, InterruptedException {
        return TestBed.docker(testbed, args);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void say(String format, Object... args) {
        System.out.printf("[restart-safety] " + format + "%n", args);
    }
}
