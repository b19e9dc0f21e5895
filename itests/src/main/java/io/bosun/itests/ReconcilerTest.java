package io.bosun.itests;

import static io.bosun.itests.Targets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.EngineListener;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.reconcile.AppPhase;
import io.bosun.spi.reconcile.AppReport;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.ReleaseRecords;
import io.bosun.spi.target.Ipam;
import io.bosun.spi.target.IpamPool;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.VolumeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The reconciler through its service, on the real engine, store and lock folders: targets built here end as
 * containers, volumes and networks that the docker CLI sees, in the order balena's strategies promise.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ReconcilerTest {
    static final long APP = 7401;
    static final String UUID = "itestreconciler7401";
    static final Duration SETTLE = Duration.ofSeconds(90);

    @InjectService(timeout = 10_000)
    Reconciler reconciler;
    @InjectService(timeout = 10_000)
    ContainerEngine engine;
    @InjectService(timeout = 10_000)
    TargetIntake intake;
    @InjectService(timeout = 10_000)
    ReleaseRecords store;
    @InjectService(timeout = 10_000)
    RecordStore records;
    @InjectService(timeout = 10_000)
    SupervisorConfig config;
    @InjectService(timeout = 10_000)
    ApiKeys keys;
    @InjectBundleContext
    BundleContext context;

    String box1 = Docker.image("box:1");
    String box2 = Docker.image("box:2");

    @BeforeEach
    void fresh() throws Exception {
        Docker.clean(APP, UUID);
        Awaiting.until("the engine view is in step", () -> engine.currentState().synced());
    }

    @AfterEach
    void clean() throws Exception {
        apply(Targets.empty(device()), false);
        Docker.clean(APP, UUID);
        deleteRecursively(lockFolder(""));
    }

    // --- install and release updates

    @Test
    void installsAnAppOfThreeServicesPulledFromTheRegistry() throws Exception {
        Docker.tryRun("rmi", Docker.image("box:3"));
        apply(release("one", 1, List.of(service("a", 1, 11, box1), service("b", 2, 12, box2),
                service("c", 3, 13, Docker.image("box:3")))), false);

        assertEquals(List.of("a_11_1_one", "b_12_1_one", "c_13_1_one"), Docker.containers(APP));
        for (String c : Docker.containers(APP)) {
            assertEquals("running", Docker.inspect(c, "{{.State.Status}}"), c);
            assertEquals("true", Docker.inspect(c, "{{index .Config.Labels \"io.balena.supervised\"}}"));
        }
        assertEquals("one", store.currentCommits().get(APP), "the settled commit is stored");
        assertTrue(store.images().stream().anyMatch(i -> i.name().equals(Docker.image("box:3"))
                && i.appId() == APP && i.dockerImageId().isPresent()), "the pulled image is recorded");
        assertEquals(UUID + "_default", Docker.inspect("a_11_1_one", "{{.HostConfig.NetworkMode}}"));
        assertTrue(reconciler.apps().stream().anyMatch(a -> a.appId() == APP && a.phase() == AppPhase.SETTLED));
    }

    @Test
    void theApiKeyOfAnAppThatGoesStopsWorking() throws Exception {
        apply(release("one", 1, List.of(service("main", 1, 11, box1,
                Map.of("io.balena.features.supervisor-api", "1"), Map.of()))), false);
        String env = Docker.inspect("main_11_1_one", "{{range .Config.Env}}{{println .}}{{end}}");
        String key = env.lines().filter(l -> l.startsWith("BALENA_SUPERVISOR_API_KEY=")).findFirst().orElseThrow()
                .substring("BALENA_SUPERVISOR_API_KEY=".length());
        assertEquals(Optional.of(APP), keys.holderOf(key).map(h -> h.appId()), "the injected key is the app's");

        apply(Targets.empty(device()), false);
        assertEquals(Optional.empty(), keys.holderOf(key), "the key of the app that went no longer opens the API");

    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"download-then-kill", "kill-then-download", "delete-then-download"})
    void aNewReleaseFollowsItsStrategy(String strategy) throws Exception {
        apply(release("one", 1, List.of(service("main", 1, 11, box1))), false);
        String oldId = Docker.inspect("main_11_1_one", "{{.Id}}");
        Docker.tryRun("rmi", box2);
        Timeline timeline = Timeline.of(oldId, box2);
        ServiceRegistration<EngineListener> listening = context.registerService(EngineListener.class, timeline, null);
        try {
            apply(release("two", 2, List.of(service("main", 1, 21, box2,
                    Map.of("io.balena.update.strategy", strategy), Map.of()))), false);
        } finally {
            listening.unregister();
        }
        assertEquals(List.of("main_21_2_two"), Docker.containers(APP));
        if (strategy.equals("download-then-kill")) {
            assertFalse(timeline.oldGoneBeforeNewImage, "the old container ran until the new image was there");
        } else {
            assertTrue(timeline.oldGoneBeforeNewImage, "the old container went before the download");
        }
    }

    @Test
    void aNewTargetCancelsAPullInProgress() throws Exception {
        try (ServerSocket silentRegistry = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silentRegistry.accept());
                    }
                } catch (IOException e) {
                    // closed with the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String stuck = "127.0.0.1:" + silentRegistry.getLocalPort() + "/bosun-test/never:1";
            offer(release("one", 1, List.of(service("main", 1, 11, stuck))), ApplyOptions.DEFAULT);
            Awaiting.until("the pull hangs on a registry that never answers", Duration.ofSeconds(20),
                    () -> reconciler.downloads().containsKey(stuck) && !held.isEmpty());

            apply(release("two", 2, List.of(service("main", 1, 21, box1))), false);

            assertEquals(List.of("main_21_2_two"), Docker.containers(APP));
            assertEquals(Map.of(), reconciler.downloads(), "the pull was given up, not waited for");
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void handOverRunsBothUntilTheNewOneSaysItHasTakenOver() throws Exception {
        Map<String, String> handOver = Map.of("io.balena.update.strategy", "hand-over");
        apply(release("one", 1, List.of(service("main", 1, 11, box1, handOver, Map.of()))), false);
        String oldId = Docker.inspect("main_11_1_one", "{{.Id}}");
        assertEquals("always", Docker.inspect(oldId, "{{.HostConfig.RestartPolicy.Name}}"));

        // When the old one stops, as the engine's view tells it: a check on that event, not a wait.
        AtomicReference<Instant> oldStopped =
                new AtomicReference<>();
        ServiceRegistration<EngineListener> watching = context.registerService(EngineListener.class, state -> {
            if (state.containers().stream().noneMatch(c -> c.id().equals(oldId)
                    && c.status() == ServiceStatus.RUNNING)) {
                oldStopped.compareAndSet(null, Instant.now());
            }
        }, null);
        try {
            handOverToTwo(oldId, oldStopped, handOver);
        } finally {
            watching.unregister();
        }
    }

    private void handOverToTwo(String oldId, AtomicReference<Instant> oldStopped,
            Map<String, String> handOver) throws Exception {
        offer(release("two", 2, List.of(service("main", 1, 21, box2, handOver, Map.of()))),
                ApplyOptions.DEFAULT);
        Awaiting.until("old and new run side by side", Duration.ofSeconds(60),
                () -> running().size() == 2);
        assertTrue(running().stream().anyMatch(c -> c.id().equals(oldId)), "the old one waits for the hand-over");
        assertTrue(running().stream().anyMatch(c -> c.name().equals("old_main_11_1_one")),
                "the old one stepped aside under another name");
        assertEquals("no", Docker.inspect(oldId, "{{.HostConfig.RestartPolicy.Name}}"),
                "the engine no longer restarts the old one");

        Path signal = lockFolder("main").resolve("handover-complete");
        Instant signalled = Instant.now();
        Files.write(signal, new byte[0]);
        awaitSettled();
        assertEquals(List.of("main_21_2_two"), Docker.containers(APP));
        assertFalse(Files.exists(signal), "the signal is consumed");
        assertTrue(oldStopped.get() != null && !oldStopped.get().isBefore(signalled),
                "the old one ran until the new one said it had taken over (stopped " + oldStopped.get()
                        + ", signalled " + signalled + ")");
    }

    @Test
    void aCommitOnlyChangeRenamesWithoutRestart() throws Exception {
        apply(release("one", 1, List.of(service("main", 1, 11, box1))), false);
        String id = Docker.inspect("main_11_1_one", "{{.Id}}");
        String startedAt = Docker.inspect(id, "{{.State.StartedAt}}");

        apply(release("two", 2, List.of(service("main", 1, 21, box1))), false);

        assertEquals(List.of("main_21_2_two"), Docker.containers(APP));
        assertEquals(id, Docker.inspect("main_21_2_two", "{{.Id}}"), "the same container");
        assertEquals(startedAt, Docker.inspect(id, "{{.State.StartedAt}}"), "not restarted");
        assertEquals("two", store.currentCommits().get(APP));
    }

    @Test
    void aConfigChangeRecreatesTheContainer() throws Exception {
        apply(release("one", 1, List.of(service("main", 1, 11, box1))), false);
        String id = Docker.inspect("main_11_1_one", "{{.Id}}");

        apply(release("one", 1, List.of(Targets.withEnvironment(service("main", 1, 11, box1),
                Map.of("COLOUR", "blue")))), false);

        String now = Docker.inspect("main_11_1_one", "{{.Id}}");
        assertNotEquals(id, now, "a new container");
        assertTrue(Docker.inspect(now, "{{json .Config.Env}}").contains("COLOUR=blue"));
    }

    /** Regression: a kill was a forced delete, so the app got SIGKILL instead of its stop signal and grace period. */
    @Test
    void aKilledServiceGetsItsStopSignalFirst() throws Exception {
        Map<String, Object> graceful = Map.of("stop_signal", "SIGTERM", "volumes", List.of("data:/data"),
                "command", List.of("sh", "-c", "trap 'echo stopped > /data/signal; exit 0' TERM; "
                        + "while true; do sleep 0.2; done"));
        Map<String, VolumeConfig> volumes = Map.of("data", new VolumeConfig(null, null, null));
        apply(Targets.app(device(), APP, UUID, "one", 1, List.of(service("db", 1, 11, box1, Map.of(), graceful)),
                volumes, Map.of()), false);

        apply(Targets.app(device(), APP, UUID, "two", 2, List.of(service("db", 1, 21, box2, Map.of(), graceful)),
                volumes, Map.of()), false);

        assertEquals("stopped", Docker.run("exec", "db_21_2_two", "cat", "/data/signal"));
    }

    /**
     * Regression (found by RestartSafetyTest): a supervisor killed between the stop and the removal of a kill left
     * a stopped container that an equal target then left stopped for good. The kill under way is recorded first,
     * and the next run finishes it: the container is removed and its service created anew.
     */
    @Test
    void aKillCutShortByACrashIsFinishedByTheNextRun() throws Exception {
        apply(release("one", 1, List.of(service("main", 1, 11, box1))), false);
        String id = Docker.inspect("main_11_1_one", "{{.Id}}");

        records.namespace("reconciler").addMember("pending-kills", id);
        Docker.run("stop", id);

        Awaiting.until("the service runs again in a new container", Duration.ofSeconds(30),
                () -> Docker.tryRun("inspect", "--format", "{{.State.Running}} {{.Id}}", "main_11_1_one")
                        .output().startsWith("true") && !Docker.inspect("main_11_1_one", "{{.Id}}").equals(id));
        awaitSettled();
        assertEquals(java.util.Set.of(), records.namespace("reconciler").members("pending-kills"),
                "the record is cleared");
    }

    @Test
    void dependenciesStartFirst() throws Exception {
        apply(release("one", 1, List.of(
                service("front", 1, 11, box1, Map.of(), Map.of("depends_on", List.of("middle"))),
                service("middle", 2, 12, box1, Map.of(), Map.of("depends_on", List.of("back"))),
                service("back", 3, 13, box1))), false);

        String back = Docker.inspect("back_13_1_one", "{{.State.StartedAt}}");
        String middle = Docker.inspect("middle_12_1_one", "{{.State.StartedAt}}");
        String front = Docker.inspect("front_11_1_one", "{{.State.StartedAt}}");
        assertTrue(back.compareTo(middle) < 0 && middle.compareTo(front) < 0,
                "back, then middle, then front: " + back + " " + middle + " " + front);
    }

    @Test
    void dataInANamedVolumeSurvivesAReleaseUpdate() throws Exception {
        Map<String, Object> mount = Map.of("volumes", List.of("data:/data"));
        Map<String, VolumeConfig> volumes = Map.of("data", new VolumeConfig(null, null, null));
        apply(Targets.app(device(), APP, UUID, "one", 1, List.of(service("db", 1, 11, box1, Map.of(), mount)),
                volumes, Map.of()), false);
        Docker.run("exec", "db_11_1_one", "sh", "-c", "echo kept > /data/file");

        apply(Targets.app(device(), APP, UUID, "two", 2, List.of(service("db", 1, 21, box2, Map.of(), mount)),
                volumes, Map.of()), false);

        assertEquals("kept", Docker.run("exec", "db_21_2_two", "cat", "/data/file"));
    }

    @Test
    void anIpamChangeRecreatesTheNetworkAndItsUsers() throws Exception {
        apply(release("one", 1, List.of(service("main", 1, 11, box1))), false);
        String id = Docker.inspect("main_11_1_one", "{{.Id}}");

        NetworkConfig ipam = new NetworkConfig(null, null, Optional.of(new Ipam("default",
                List.of(new IpamPool(Optional.of("192.168.91.0/24"), Optional.of("192.168.91.1"), Optional.empty(),
                        Map.of())), Map.of())), false, false, null, false);
        apply(Targets.app(device(), APP, UUID, "one", 1, List.of(service("main", 1, 11, box1)), Map.of(),
                Map.of("default", ipam)), false);

        assertEquals("192.168.91.0/24", Docker.run("network", "inspect", "--format",
                "{{(index .IPAM.Config 0).Subnet}}", UUID + "_default"));
        assertEquals("true", Docker.run("network", "inspect", "--format",
                "{{index .Labels \"io.balena.private.ipam.config\"}}", UUID + "_default"));
        assertNotEquals(id, Docker.inspect("main_11_1_one", "{{.Id}}"), "its user was recreated");
        assertTrue(Docker.inspect("main_11_1_one", "{{json .NetworkSettings.Networks}}").contains("192.168.91."));
    }

    @Test
    void removingTheAppRemovesContainersAndNetworksAndKeepsVolumesInLocalMode() throws Exception {
        Map<String, Object> mount = Map.of("volumes", List.of("data:/data"));
        apply(Targets.app(device(), APP, UUID, "one", 1, List.of(service("db", 1, 11, box1, Map.of(), mount)),
                Map.of("data", new VolumeConfig(null, null, null)), Map.of()), false);

        apply(Targets.empty(device()), false);

        assertEquals(List.of(), Docker.containers(APP));
        assertEquals(1, Docker.tryRun("network", "inspect", UUID + "_default").exitCode(), "network gone");
        assertEquals(0, Docker.tryRun("volume", "inspect", APP + "_data").exitCode(), "volume kept (local mode)");
    }

    // --- update locks

    @Test
    void aUserLockBlocksEveryKillUntilItIsRemoved() throws Exception {
        apply(release("one", 1, List.of(service("main", 1, 11, box1))), false);
        String id = Docker.inspect("main_11_1_one", "{{.Id}}");
        Path lock = lockFolder("main").resolve("updates.lock");
        Files.write(lock, new byte[0]);

        offer(release("two", 2, List.of(service("main", 1, 21, box2))), ApplyOptions.DEFAULT);
        Awaiting.until("the app reports its lock", Duration.ofSeconds(30), () -> reconciler.apps().stream()
                .anyMatch(a -> a.appId() == APP && a.phase() == AppPhase.LOCKED));
        assertEquals(id, Docker.inspect("main_11_1_one", "{{.Id}}"), "not killed while locked");
        AppReport locked = report();
        assertTrue(locked.waitingFor().orElse("").contains("Lockfile exists for { appId: " + APP
                + ", service: main }"), locked.toString());
        assertEquals(List.of(), locked.orphanedLocks(), "its container runs, so the lock is not orphaned");

        Files.delete(lock);
        awaitSettled();
        assertEquals(List.of("main_21_2_two"), Docker.containers(APP));
    }

    /** Regression: every app that asked for its lock in the refused cycle was reported locked, with one reason. */
    @Test
    void onlyTheAppWhoseLockIsRefusedIsReportedLocked() throws Exception {
        long other = APP + 50;
        String otherUuid = UUID + "b";
        TargetState first = twoApps(release("one", 1, List.of(service("main", 1, 11, box1))),
                Targets.app(device(), other, otherUuid, "one", 1, List.of(service("main", 2, 12, box1))));
        try {
            apply(first, false);
            Files.write(lockFolder("main").resolve("updates.lock"), new byte[0]);

            offer(twoApps(release("two", 2, List.of(service("main", 1, 21, box2))),
                    Targets.app(device(), other, otherUuid, "two", 2, List.of(service("main", 2, 22, box2)))),
                    ApplyOptions.DEFAULT);
            Awaiting.until("the locked app is reported", Duration.ofSeconds(30), () -> report().phase() == AppPhase.LOCKED);
            AppReport otherReport = reconciler.apps().stream().filter(a -> a.appId() == other).findFirst()
                    .orElseThrow();
            assertNotEquals(AppPhase.LOCKED, otherReport.phase(), otherReport.toString());
        } finally {
            Files.deleteIfExists(lockFolder("main").resolve("updates.lock"));
            apply(Targets.empty(device()), false);
            Docker.clean(other, otherUuid);
        }
    }

    /**
     * Regression: two apps of a hand-written target whose containers get the same name made the second app's
     * start find the first app's container, start it, and plan the start again, at full speed, forever.
     */
    @Test
    void twoAppsWhoseContainersWouldShareANameFailClearlyInsteadOfLooping() throws Exception {
        long other = APP + 60;
        String otherUuid = UUID + "c";
        try {
            offer(twoApps(release("one", 1, List.of(service("main", 1, 11, box1))),
                    Targets.app(device(), other, otherUuid, "one", 1, List.of(service("main", 1, 11, box1)))),
                    ApplyOptions.DEFAULT);
            Awaiting.until("the run fails and backs off", Duration.ofSeconds(30),
                    () -> reconciler.status().failedAttempts() >= 1);
            assertTrue(reconciler.status().lastError().orElse("").contains("is already in use"),
                    reconciler.status().toString());
        } finally {
            apply(Targets.empty(device()), false);
            Docker.clean(other, otherUuid);
        }
    }

    private static TargetState twoApps(TargetState a, TargetState b) {
        Map<String, io.bosun.spi.target.TargetApp> apps = new java.util.LinkedHashMap<>(a.apps());
        apps.putAll(b.apps());
        return new TargetState(a.deviceUuid(), a.name(), a.config(), apps);
    }

    @Test
    void forceTakesOverAUserLock() throws Exception {
        apply(release("one", 1, List.of(service("main", 1, 11, box1))), false);
        Files.write(lockFolder("main").resolve("updates.lock"), new byte[0]);

        apply(release("two", 2, List.of(service("main", 1, 21, box2))), true);

        assertEquals(List.of("main_21_2_two"), Docker.containers(APP));
        try (var files = Files.list(lockFolder("main"))) {
            assertEquals(List.of(), files.toList(), "the lock folder is left empty");
        }
    }

    @Test
    void theDeviceWideLockOverrideTakesOverAUserLock() throws Exception {
        apply(release("one", 1, List.of(service("main", 1, 11, box1))), false);
        Files.write(lockFolder("main").resolve("resin-updates.lock"), new byte[0]);

        apply(Targets.withConfig(release("two", 2, List.of(service("main", 1, 21, box2))),
                Map.of("BALENA_SUPERVISOR_OVERRIDE_LOCK", "1")), false);

        assertEquals(List.of("main_21_2_two"), Docker.containers(APP));
        try (var files = Files.list(lockFolder("main"))) {
            assertEquals(List.of(), files.toList(), "the lock folder is left empty");
        }
    }

    @Test
    void aLockOfAServiceWhoseContainerExitedIsReportedAsOrphaned() throws Exception {
        apply(release("one", 1, List.of(service("job", 1, 11, box1, Map.of(),
                Map.of("command", "true", "restart", "no")))), false);
        Awaiting.until("the job exited", () -> Docker.inspect("job_11_1_one", "{{.State.Status}}").equals("exited"));
        Files.write(lockFolder("job").resolve("updates.lock"), new byte[0]);

        offer(release("two", 2, List.of(service("job", 1, 21, box2))), ApplyOptions.DEFAULT);
        Awaiting.until("the orphaned lock is reported", Duration.ofSeconds(30),
                () -> !report().orphanedLocks().isEmpty());
        assertEquals("job", report().orphanedLocks().get(0).serviceName());
        assertEquals(List.of("job_11_1_one"), Docker.containers(APP), "still not killed");
        Files.delete(lockFolder("job").resolve("updates.lock"));
        awaitSettled();
    }

    // --- exclusive actions

    @Test
    void restartRecreatesEveryContainerOfTheApp() throws Exception {
        apply(release("one", 1, List.of(service("a", 1, 11, box1), service("b", 2, 12, box1))), false);
        String a = Docker.inspect("a_11_1_one", "{{.Id}}");

        reconciler.restart(APP, false).toCompletableFuture().get(SETTLE.toSeconds(), TimeUnit.SECONDS);
        awaitSettled();

        assertEquals(List.of("a_11_1_one", "b_12_1_one"), Docker.containers(APP));
        assertNotEquals(a, Docker.inspect("a_11_1_one", "{{.Id}}"));
    }

    @Test
    void purgeEmptiesTheAppsVolumes() throws Exception {
        Map<String, Object> mount = Map.of("volumes", List.of("data:/data"));
        apply(Targets.app(device(), APP, UUID, "one", 1, List.of(service("db", 1, 11, box1, Map.of(), mount)),
                Map.of("data", new VolumeConfig(null, null, null)), Map.of()), false);
        Docker.run("exec", "db_11_1_one", "sh", "-c", "echo gone > /data/file");

        reconciler.purge(APP, false).toCompletableFuture().get(SETTLE.toSeconds(), TimeUnit.SECONDS);
        awaitSettled();

        assertEquals(1, Docker.tryRun("exec", "db_11_1_one", "cat", "/data/file").exitCode(), "the volume is new");
    }

    // --- helpers

    private String device() {
        return config.device().uuid();
    }

    private TargetState release(String commit, long releaseId, List<TargetService> services) {
        return Targets.app(device(), APP, UUID, commit, releaseId, services);
    }

    private void offer(TargetState target, ApplyOptions options) {
        Targets.offer(intake, target, options);
    }

    private void apply(TargetState target, boolean force) throws Exception {
        Targets.offer(intake, target, new ApplyOptions(force, true));
        awaitSettled();
    }

    private void awaitSettled() throws Exception {
        try {
            reconciler.settled().toCompletableFuture().get(SETTLE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not settled within " + SETTLE + ": " + reconciler.status(), e);
        }
    }

    private AppReport report() {
        return reconciler.apps().stream().filter(a -> a.appId() == APP).findFirst().orElseThrow();
    }

    private List<ContainerView> running() {
        return engine.currentState().containers().stream()
                .filter(c -> c.identity().appId() == APP && c.status() == ServiceStatus.RUNNING).toList();
    }

    private Path lockFolder(String service) throws Exception {
        Path folder = config.settings().locksDir().resolve("services").resolve(Long.toString(APP));
        Path path = service.isEmpty() ? folder : folder.resolve(service);
        if (!service.isEmpty()) {
            Files.createDirectories(path);
        }
        return path;
    }

    private static void deleteRecursively(Path path) throws Exception {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Watches the engine during an update: whether the old container was ever gone (or stopped) while the new
     * image was not yet on the device.
     */
    static final class Timeline implements EngineListener {
        final String oldId;
        final String newImage;
        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile boolean oldGoneBeforeNewImage;

        private Timeline(String oldId, String newImage) {
            this.oldId = oldId;
            this.newImage = newImage;
        }

        static Timeline of(String oldId, String newImage) {
            return new Timeline(oldId, newImage);
        }

        @Override
        public void changed(CurrentState state) {
            boolean oldRuns = state.containers().stream()
                    .anyMatch(c -> c.id().equals(oldId) && c.status() == ServiceStatus.RUNNING);
            boolean imageThere = state.images().stream().anyMatch(i -> i.tags().contains(newImage));
            seen.add(oldRuns + "/" + imageThere);
            if (!oldRuns && !imageThere) {
                oldGoneBeforeNewImage = true;
            }
        }
    }
}
