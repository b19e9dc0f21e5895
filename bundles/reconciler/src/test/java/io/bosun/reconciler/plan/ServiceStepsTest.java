package io.bosun.reconciler.plan;

import static io.bosun.reconciler.plan.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.engine.ServiceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * balena's cases of service steps (spec §11.2, cases 10-27): one app's next steps, as balena's
 * {@code nextStepsForAppUpdate} gives them. Unless a case says otherwise the app's images are on the device and
 * the app's default network exists.
 */
class ServiceStepsTest {
    private static final String KILL_THEN_DOWNLOAD = "kill-then-download";
    private static final String HAND_OVER = "hand-over";
    private static final String REQUIRES_REBOOT = "io.balena.update.requires-reboot";

    private static List<String> update(CurrentApp current, AppTarget target, Ctx ctx) {
        return describe(AppPlanner.update(current, target, ctx.build()));
    }

    /** The app running these containers on its default network, settled on commit {@code new-release}. */
    private static CurrentApp running(Ctr... containers) {
        return currentApp("new-release", List.of(containers), List.of(), List.of(defaultNetwork()));
    }

    private static CurrentApp runningRelease(String commit, Ctr... containers) {
        return currentApp(commit, List.of(containers), List.of(), List.of(defaultNetwork()));
    }

    // --- case 10

    @Test
    void killsAServiceTheTargetNoLongerHasOnceLocked() {
        Svc main = svc("main");
        CurrentApp current = running(main.container(), svc("aux").container());
        AppTarget target = targetApp(List.of(main));

        assertEquals(List.of("takeLock 1 [aux, main]"), update(current, target, ctx()));
        assertEquals(List.of("kill aux@new-release"), update(current, target, ctx().locked()));
    }

    // --- case 11

    @Test
    void killsTheLeftoverContainerOfAnInterruptedHandOver() {
        Svc outgoing = svc("main").image("main-image").commit("old-release").release(1, 1).strategy(HAND_OVER);
        Svc incoming = svc("main").image("main-image-2").strategy(HAND_OVER);
        CurrentApp current = runningRelease("old-release", outgoing.container().createdAt(BOOT.plusSeconds(60)),
                incoming.container().createdAt(BOOT.plusSeconds(120)));

        assertEquals(List.of("kill main@old-release"), update(current, targetApp(List.of(incoming)),
                ctx().locked()));
    }

    @Test
    void killsTheOlderContainerOfAnInterruptedHandOverOfTheSameRelease() {
        Svc main = svc("main").strategy(HAND_OVER);
        CurrentApp current = running(main.container().id("abc").createdAt(BOOT.plusSeconds(60)),
                main.container().id("def").createdAt(BOOT.plusSeconds(120)));

        List<Step> steps = AppPlanner.update(current, targetApp(List.of(main)), ctx().locked().build());

        assertEquals(List.of("kill main@new-release"), describe(steps));
        assertEquals("abc", only(steps, Step.Kill.class).get(0).current().id());
    }

    /** The hand-over of a new release, whole: the image first, then the app's lock, then the hand-over step. */
    @Test
    void handsOverOnceTheNewImageIsHereAndTheLockIsHeld() {
        Svc oldMain = svc("main").image("main-image").commit("old-release").release(1, 1).strategy(HAND_OVER);
        CurrentApp current = runningRelease("old-release", oldMain.container());
        AppTarget downloading = targetApp(List.of(svc("main").image("main-image-2").strategy(HAND_OVER).notReady()));
        AppTarget ready = targetApp(List.of(svc("main").image("main-image-2").strategy(HAND_OVER)));

        assertEquals(List.of("fetch main-image-2 for main"), update(current, downloading, ctx()));
        assertEquals(List.of("takeLock 1 [main]"), update(current, ready, ctx()));
        assertEquals(List.of("handover main@old-release -> new-release"), update(current, ready, ctx().locked()));
    }

    // --- case 12

    @Test
    void waitsForAnUnreferencedServiceThatIsAlreadyStopping() {
        CurrentApp current = currentApp("new-release", List.of(svc("main").container().status(ServiceStatus.STOPPING)),
                List.of(), List.of(configOnlyDefaultNetwork()));

        assertEquals(List.of("noop"), update(current, targetApp(List.of()), ctx()));
    }

    // --- case 13

    @ParameterizedTest(name = "lock held: {0}")
    @ValueSource(booleans = {false, true})
    void removesADeadContainerTheTargetStillHasBeforeAnythingElse(boolean locked) {
        Svc main = svc("main");
        CurrentApp current = running(main.container().status(ServiceStatus.DEAD));
        Ctx ctx = locked ? ctx().locked() : ctx();

        // The new container is not made while the dead one (of the same name) is being removed.
        assertEquals(List.of("remove main@new-release"), update(current, targetApp(List.of(main)), ctx));
    }

    @Test
    void removesADeadContainerTheTargetNoLongerHas() {
        CurrentApp current = currentApp("new-release", List.of(svc("main").container().status(ServiceStatus.DEAD)),
                List.of(), List.of(configOnlyDefaultNetwork()));

        assertEquals(List.of("remove main@new-release"), update(current, targetApp(List.of()), ctx()));
    }

    // --- case 14

    @Test
    void waitsWithoutFetchingWhileAServiceImageDownloads() {
        CurrentApp current = currentApp(null, List.of(), List.of(), List.of(defaultNetwork()));
        AppTarget target = targetApp(List.of(svc("main").image("main-image").notReady()));

        assertEquals(List.of("noop"), update(current, target, ctx().downloading("main-image")));
    }

    // --- case 15

    @Test
    void doesNotTakeTheLockForANewReleaseWhileItsImagesDownload() {
        Svc oldMain = svc("main").commit("old-release").release(1, 1);
        CurrentApp current = runningRelease("old-release", oldMain.container());
        // main's configuration is unchanged (its image is on the device), but aux's image is not there yet.
        AppTarget target = targetApp(List.of(svc("main"), svc("aux").notReady()));

        assertEquals(List.of("noop", "fetch aux-image for aux"), update(current, target, ctx()));
    }

    // --- case 16

    @Test
    void takesTheLockThenUpdatesMetadataWhenOnlyTheReleaseChanged() {
        Svc oldMain = svc("main").commit("old-release").release(1, 1);
        CurrentApp current = runningRelease("old-release", oldMain.container());
        AppTarget target = targetApp(List.of(svc("main")));

        assertEquals(List.of("takeLock 1 [main]"), update(current, target, ctx()));

        // The container is renamed to the new release, not made anew.
        assertEquals(List.of("updateMetadata main@old-release -> new-release"),
                update(current, target, ctx().locked()));
    }

    // --- case 17

    @Test
    void takesTheLockThenStopsAServiceWhoseTargetIsNotRunning() {
        CurrentApp current = running(svc("main").container());
        AppTarget target = targetApp(List.of(svc("main").notRunning()));

        assertEquals(List.of("takeLock 1 [main]"), update(current, target, ctx()));
        assertEquals(List.of("stop main@new-release"), update(current, target, ctx().locked()));
    }

    // --- case 18

    @Test
    void doesNotStartAnExitedRunOnceService() {
        // compose's restart 'yes' is normalised to 'always' before it reaches the planner, on both sides.
        Svc runOnce = svc("main").notRunning().config(c -> c.with("restart", "always"));
        CurrentApp current = running(runOnce.container().id("run_once").status(ServiceStatus.EXITED));

        assertEquals(List.of(), update(current, targetApp(List.of(runOnce)), ctx()));
    }

    // --- case 19

    @Test
    void leavesAnExitedServiceToTheEngineRestartPolicy() {
        CurrentApp current = running(svc("main").container().status(ServiceStatus.EXITED));

        assertEquals(List.of(), update(current, targetApp(List.of(svc("main"))), ctx()));
    }

    // --- case 20

    @Test
    void recreatesAServiceWhoseConfigChanged() {
        Svc privileged = svc("main").config(c -> c.with("privileged", true));
        AppTarget target = targetApp(List.of(privileged));
        CurrentApp current = running(svc("main").container());

        assertEquals(List.of("takeLock 1 [main]"), update(current, target, ctx()));
        assertEquals(List.of("kill main@new-release"), update(current, target, ctx().locked()));

        List<Step> steps = AppPlanner.update(running(), target, ctx().locked().build());
        assertEquals(List.of("start main@new-release"), describe(steps));
        assertEquals(privileged.build().definition(), only(steps, Step.Start.class).get(0).target().definition(),
                "started with the privileged definition");
    }

    // --- case 21

    @Test
    void startsAServiceOnlyOnceTheServiceItDependsOnIsInstalledAndStarted() {
        Svc main = svc("main").compose("depends_on", List.of("dep"));
        Svc dep = svc("dep");
        AppTarget target = targetApp(List.of(main, dep));

        CurrentApp installing = running(dep.container().id("dep-id").status(ServiceStatus.INSTALLING));
        assertEquals(List.of("start dep@new-release", "noop"), update(installing, target, ctx().locked()));

        CurrentApp started = running(dep.container().id("dep-id"));
        assertEquals(List.of("start main@new-release"), update(started, target, ctx().locked()));
    }

    @Test
    void startsAServiceOnlyOnceTheServiceItDependsOnHasRun() {
        Svc main = svc("main").compose("depends_on", List.of("dep"));
        Svc dep = svc("dep").notRunning();
        AppTarget target = targetApp(List.of(main, dep));

        CurrentApp created = running(dep.container().id("dep-id").status(ServiceStatus.INSTALLED));
        assertEquals(List.of("noop"), update(created, target, ctx().locked()));

        CurrentApp exited = running(dep.container().id("dep-id").status(ServiceStatus.EXITED));
        assertEquals(List.of("start main@new-release"), update(exited, target, ctx().locked()));
    }

    // --- case 22

    @Test
    void killsBeforeFetchingWithKillThenDownload() {
        Svc oldMain = svc("main").image("main-image").commit("old-release").release(1, 1)
                .strategy(KILL_THEN_DOWNLOAD);
        AppTarget target = targetApp(List.of(svc("main").image("main-image-2").strategy(KILL_THEN_DOWNLOAD)
                .notReady()));
        CurrentApp current = runningRelease("old-release", oldMain.container());

        assertEquals(List.of("takeLock 1 [main]"), update(current, target, ctx()));
        assertEquals(List.of("kill main@old-release"), update(current, target, ctx().locked()));
        assertEquals(List.of("fetch main-image-2 for main"),
                update(runningRelease("old-release"), target, ctx().locked()));
    }

    // --- case 23

    @Test
    void killsNothingWithDownloadThenKillBeforeEveryTargetImageIsDownloaded() {
        CurrentApp current = runningRelease("old-release",
                svc("main").image("main-image").commit("old-release").release(1, 1).container(),
                svc("other").image("other-image").commit("old-release").release(1, 1).container());
        AppTarget target = targetApp(List.of(svc("main").image("main-image-2"),
                svc("other").image("other-image-2").notReady()));

        assertEquals(List.of("noop", "noop"), update(current, target, ctx().locked().downloading("other-image-2")));
    }

    // --- case 24

    @Test
    void startsServicesOnlyOnceEveryTargetImageIsDownloaded() {
        CurrentApp current = currentApp(null, List.of(), List.of(), List.of(defaultNetwork()));
        AppTarget downloading = targetApp(List.of(svc("main"), svc("other").notReady()));

        assertEquals(List.of("noop", "noop"), update(current, downloading, ctx().downloading("other-image")));

        AppTarget downloaded = targetApp(List.of(svc("main"), svc("other")));
        assertEquals(List.of("takeLock 1 [main, other]"), update(current, downloaded, ctx()));
        assertEquals(List.of("start main@new-release", "start other@new-release"),
                update(current, downloaded, ctx().locked()));
    }

    // --- case 25

    @Test
    void killsAgainWhileTheContainerIsStillThere() {
        CurrentApp current = runningRelease("old-release",
                svc("main").image("main-image").commit("old-release").release(1, 1).container());
        AppTarget target = targetApp(List.of(svc("main").image("main-image-2")));

        assertEquals(List.of("takeLock 1 [main]"), update(current, target, ctx()));
        assertEquals(List.of("kill main@old-release"), update(current, target, ctx().locked()));
        // The kill failed or has not finished: the container is still there, so it is killed again.
        assertEquals(List.of("kill main@old-release"), update(current, target, ctx().locked()));
    }

    // --- case 26

    @Test
    void asksForARebootBeforeStartingAServiceThatRequiresOne() {
        Svc main = svc("main").label(REQUIRES_REBOOT, "true");
        CurrentApp created = running(main.container().status(ServiceStatus.INSTALLED)
                .createdAt(BOOT.plusSeconds(60)));

        assertEquals(List.of("requireReboot main"), update(created, targetApp(List.of(main)), ctx()));
    }

    @Test
    void waitsForTheRebootOnceItHasBeenAskedFor() {
        Svc main = svc("main").label(REQUIRES_REBOOT, "true");
        CurrentApp created = running(main.container().status(ServiceStatus.INSTALLED)
                .createdAt(BOOT.plusSeconds(60)));

        assertEquals(List.of(), update(created, targetApp(List.of(main)), ctx().breadcrumb()));
    }

    @Test
    void startsAServiceThatRequiresARebootAfterTheReboot() {
        Svc main = svc("main").label(REQUIRES_REBOOT, "true");
        CurrentApp createdBeforeBoot = running(main.container().status(ServiceStatus.INSTALLED)
                .createdAt(BOOT.minusSeconds(300)));

        assertEquals(List.of("start main@new-release"),
                update(createdBeforeBoot, targetApp(List.of(main)), ctx().breadcrumb()));
    }

    // --- case 27

    @Test
    void releasesTheLockOfASettledApp() {
        Svc server = svc("server");
        Svc client = svc("client");
        CurrentApp current = running(server.container(), client.container());

        assertEquals(List.of("releaseLock 1"), update(current, targetApp(List.of(server, client)), ctx().locked()));
    }

    @Test
    void releasesLeftoverLocksOfASettledApp() {
        Svc server = svc("server");
        Svc client = svc("client");
        CurrentApp current = running(server.container(), client.container());

        assertEquals(List.of("releaseLock 1"), update(current, targetApp(List.of(server, client)),
                ctx().leftover()));
    }

    @Test
    void infersNothingForASettledAppWithoutLocks() {
        Svc server = svc("server");
        Svc client = svc("client");
        CurrentApp current = running(server.container(), client.container());

        assertEquals(List.of(), update(current, targetApp(List.of(server, client)), ctx()));
    }

    @Test
    void releasesTheLockWhenRemovingAnEmptyApp() {
        CurrentApp empty = currentApp("new-release", List.of(), List.of(), List.of());

        assertEquals(List.of("releaseLock 1"), describe(AppPlanner.remove(empty, ctx().locked().build())));
    }
}
