package io.bosun.reconciler.plan;

import static io.bosun.reconciler.plan.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.store.ImageRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * balena's cases of the device's next steps (spec §11.3, cases 28-33, 35, 36, 38): every app and the device's
 * images at once, as balena's {@code inferNextSteps} gives them. Out of the planner's scope, and so not here:
 * extra-firmware and supervisor0 (34), contract-rejected apps (37), the state report (39, 40).
 */
class DeviceStepsTest {
    private static final String DOWNLOAD_THEN_KILL = "download-then-kill";
    private static final String DELETE_THEN_DOWNLOAD = "delete-then-download";
    private static final String HOST_RACE = "driver failed programming external connectivity on endpoint "
            + "one_1_1_deadbeef (deadca1f): Error starting userland proxy: listen tcp4 192.168.88.1:8081: bind: "
            + "cannot assign requested address";

    private static List<String> plan(List<CurrentApp> current, List<AppTarget> target, Ctx ctx) {
        return describe(Planner.plan(current, target, ctx.build()));
    }

    private static List<String> plan(CurrentApp current, AppTarget target, Ctx ctx) {
        return plan(List.of(current), List.of(target), ctx);
    }

    /** App 1 with nothing but its default network. */
    private static CurrentApp nothingInstalled() {
        return currentApp(null, List.of(), List.of(), List.of(defaultNetwork()));
    }

    // --- case 28

    @Test
    void removesTheOldImageBeforeFetchingWithDeleteThenDownload() {
        Svc oldMain = svc("main").image("image-old").commit("old-release").release(1, 1)
                .strategy(DELETE_THEN_DOWNLOAD);
        AppTarget target = targetApp(List.of(svc("main").image("image-new").strategy(DELETE_THEN_DOWNLOAD)
                .notReady()));

        assertEquals(List.of("removeImage image-old"),
                plan(nothingInstalled(), target, ctx().recorded(record(oldMain))));
        assertEquals(List.of("fetch image-new for main"), plan(nothingInstalled(), target, ctx()));
    }

    // --- case 29

    @Test
    void killsNoServiceWithDownloadThenKillUntilEveryDownloadHasFinished() {
        Svc oldMain = svc("main").image("image-main").commit("old-release").release(1, 1)
                .strategy(DOWNLOAD_THEN_KILL);
        Svc old = svc("old").image("image-old").commit("old-release").release(1, 1).strategy(DOWNLOAD_THEN_KILL);
        Svc main = svc("main").image("image-main").strategy(DOWNLOAD_THEN_KILL);
        Svc fresh = svc("new").image("image-new").strategy(DOWNLOAD_THEN_KILL);
        CurrentApp current = currentApp("old-release", List.of(oldMain.container(), old.container()), List.of(),
                List.of(defaultNetwork()));

        // One noop each: old waits to be killed, main to be renamed, new for its image.
        AppTarget downloading = targetApp(List.of(main, svc("new").image("image-new").strategy(DOWNLOAD_THEN_KILL)
                .notReady()));
        assertEquals(List.of("noop", "noop", "noop"),
                plan(current, downloading, ctx().locked().downloading("image-new")));

        AppTarget downloaded = targetApp(List.of(main, fresh));
        assertEquals(List.of("kill old@old-release", "updateMetadata main@old-release -> new-release",
                "start new@new-release"),
                plan(current, downloaded, ctx().locked().recorded(record(main)).recorded(record(fresh))));
    }

    // --- case 30

    @ParameterizedTest
    @ValueSource(strings = {"kill-then-download", "delete-then-download"})
    void fetchesANewServiceWhileKillingAnOldOneThenStartsItOnceDownloaded(String strategy) {
        Svc oldMain = svc("main").image("image-main").commit("old-release").release(1, 1).strategy(strategy);
        Svc old = svc("old").image("image-old").commit("old-release").release(1, 1).strategy(strategy);
        Svc main = svc("main").image("image-main").strategy(strategy);
        Svc fresh = svc("new").image("image-new").strategy(strategy);
        AppTarget toDownload = targetApp(List.of(main, svc("new").image("image-new").strategy(strategy)
                .notReady()));
        CurrentApp current = currentApp("old-release", List.of(oldMain.container(), old.container()), List.of(),
                List.of(defaultNetwork()));

        assertEquals(List.of("kill old@old-release", "updateMetadata main@old-release -> new-release",
                "fetch image-new for new"), plan(current, toDownload, ctx().locked().recorded(record(main))));

        CurrentApp renamed = currentApp("old-release", List.of(main.container()), List.of(),
                List.of(defaultNetwork()));
        assertEquals(List.of("noop"), plan(renamed, toDownload, ctx().downloading("image-new")));

        AppTarget downloaded = targetApp(List.of(main, fresh));
        assertEquals(List.of("start new@new-release"),
                plan(renamed, downloaded, ctx().locked().recorded(record(main)).recorded(record(fresh))));
    }

    // --- case 31

    @Test
    void startsKillOrDeleteThenDownloadServicesOnlyOnceEveryDownloadHasFinished() {
        Svc one = svc("one").image("image-one").strategy("kill-then-download");
        Svc two = svc("two").image("image-two").strategy(DELETE_THEN_DOWNLOAD);
        Svc oneDownloading = svc("one").image("image-one").strategy("kill-then-download").notReady();
        Svc twoDownloading = svc("two").image("image-two").strategy(DELETE_THEN_DOWNLOAD).notReady();

        assertEquals(List.of("noop", "noop"), plan(nothingInstalled(),
                targetApp(List.of(oneDownloading, twoDownloading)),
                ctx().downloading("image-one").downloading("image-two")));
        assertEquals(List.of("noop", "noop"), plan(nothingInstalled(), targetApp(List.of(one, twoDownloading)),
                ctx().recorded(record(one)).downloading("image-two")));
        assertEquals(List.of("start one@new-release", "start two@new-release"),
                plan(nothingInstalled(), targetApp(List.of(one, two)),
                        ctx().locked().recorded(record(one)).recorded(record(two))));
    }

    // --- case 32

    @Test
    void killsTheContainersOfAnAppNoLongerInTheTarget() {
        Svc main = svc("main").image("main-image");
        Svc spurious = svc("old-service").app(5, "cafebabe");
        CurrentApp leftover = currentApp(5, "cafebabe", "old-release", List.of(spurious.container()), List.of(),
                List.of());

        List<Step> steps = Planner.plan(List.of(nothingInstalled(), leftover), List.of(targetApp(List.of(main))),
                ctx().locked(1).locked(5).recorded(record(main)).build());

        assertEquals(List.of("start main@new-release", "kill old-service@new-release"), describe(steps));
        assertEquals(5, only(steps, Step.Kill.class).get(0).current().identity().appId());
    }

    // --- case 33

    @Test
    void keepsTheUnreferencedVolumesOfAnAppStillInTheTarget() {
        CurrentApp current = currentApp("new-release", List.of(), List.of(volume("test-volume", Map.of())),
                List.of(configOnlyDefaultNetwork()));

        assertEquals(List.of(), plan(current, targetApp(List.of()), ctx()));
    }

    @Test
    void removesTheVolumesOfAnAppNoLongerInTheTarget() {
        CurrentApp app1 = currentApp("new-release", List.of(), List.of(), List.of(configOnlyDefaultNetwork()));
        CurrentApp app2 = currentApp(2, "cafebabe", "old-release", List.of(),
                List.of(volume(2, "cafebabe", "test-volume", Map.of())), List.of());

        assertEquals(List.of("removeVolume 2 test-volume"),
                plan(List.of(app1, app2), List.of(targetApp(List.of())), ctx()));
    }

    @Test
    void keepsTheVolumesOfAnAppNoLongerInTheTargetWhenAskedTo() {
        CurrentApp app1 = currentApp("new-release", List.of(), List.of(), List.of(configOnlyDefaultNetwork()));
        CurrentApp app2 = currentApp(2, "cafebabe", "old-release", List.of(),
                List.of(volume(2, "cafebabe", "test-volume", Map.of())), List.of());

        assertEquals(List.of(), plan(List.of(app1, app2), List.of(targetApp(List.of())), ctx().keepVolumes()));
    }

    /**
     * Regression: a purge in local mode removed every volume local mode keeps (the cloud's apps, not in the local
     * target), not only the purged app's.
     */
    @Test
    void aPurgeRemovesThePurgedAppsVolumesOnlyWhileVolumesAreKept() {
        CurrentApp cloudApp = currentApp(2, "cafebabe", "old-release", List.of(),
                List.of(volume(2, "cafebabe", "cloud-data", Map.of())), List.of());
        CurrentApp purged = currentApp(3, "deadbeef", "dev", List.of(),
                List.of(volume(3, "deadbeef", "local-data", Map.of())), List.of());

        assertEquals(List.of("removeVolume 3 local-data"), plan(List.of(cloudApp, purged), List.of(),
                ctx().keepVolumes().purging(3)));
    }

    // --- case 35

    @Test
    void cleansUpADanglingImageFirstAndAlone() {
        Svc main = svc("main");
        CurrentApp current = currentApp(null, List.of(main.container()), List.of(), List.of(defaultNetwork()));
        AppTarget target = targetApp(List.of(main));

        // Without the dangling image, the app would record its commit.
        assertEquals(List.of("updateCommit 1 new-release"), plan(current, target, ctx().recorded(record(main))));
        assertEquals(List.of("cleanup [sha256:dangling]"), plan(current, target, ctx().recorded(record(main))
                .onEngine(new ImageView("sha256:dangling", List.of(), List.of()))));
    }

    // --- case 36

    @Test
    void removesAnImageNeitherTheTargetNorAContainerUses() {
        Svc main = svc("main").image("main-image");
        Svc gone = svc("old-service").app(5, "cafebabe").image("old-image");
        AppTarget target = targetApp(List.of(main));

        assertEquals(List.of("removeImage old-image"),
                plan(nothingInstalled(), target, ctx().recorded(record(gone)).recorded(record(main))));
        assertEquals(List.of("takeLock 1 [main]"), plan(nothingInstalled(), target,
                ctx().recorded(record(gone)).recorded(record(main)).keepImages()));
    }

    /**
     * Regression: the record of an old release was removed by name while the new release used the same image,
     * so the image went off the device before the new container was made and had to be downloaded again (or,
     * offline, could not be).
     */
    @Test
    void anOldRecordIsNotRemovedWhileTheTargetUsesItsImage() {
        Svc oldMain = svc("main").image("shared-image").commit("old-release").release(1, 1);
        Svc oldOther = svc("main").image("other-image").commit("old-release").release(1, 1);
        AppTarget target = targetApp(List.of(svc("main").image("shared-image")));

        List<String> steps = plan(nothingInstalled(), target, ctx().recorded(record(oldMain))
                .onEngine(new ImageView(imageId("shared-image"), List.of("shared-image"), List.of())));
        assertFalse(steps.contains("removeImage shared-image"), steps.toString());
        assertTrue(plan(nothingInstalled(), target, ctx().recorded(record(oldOther)).recorded(record(
                svc("main").image("shared-image")))).contains("removeImage other-image"), "another image goes");
    }

    /**
     * Regression: an image the engine would not delete (409: a container outside Bosun uses it) was tried again at
     * every cycle, and since removals come alone, no app step ever came. It is set aside (for an hour, as balena),
     * and the apps converge.
     */
    @Test
    void anImageTheEngineWillNotDeleteIsSetAsideAndNeverBlocksTheApps() {
        Svc main = svc("main").image("main-image");
        Svc gone = svc("old-service").app(5, "cafebabe").image("old-image");
        AppTarget target = targetApp(List.of(main));

        assertEquals(List.of("removeImage old-image"),
                plan(nothingInstalled(), target, ctx().recorded(record(gone)).recorded(record(main))));
        assertEquals(List.of("takeLock 1 [main]"), plan(nothingInstalled(), target,
                ctx().recorded(record(gone)).recorded(record(main)).setAside("old-image")));
    }

    @Test
    void removesAnUnusedImageButKeepsTheImageOfARunningContainer() {
        Svc main = svc("main").image("main-image");
        Svc gone = svc("old-service").app(5, "cafebabe").image("old-image");
        CurrentApp current = currentApp("new-release", List.of(main.container()), List.of(),
                List.of(configOnlyDefaultNetwork()));
        AppTarget target = targetApp(List.of());

        assertEquals(List.of("removeImage old-image"),
                plan(current, target, ctx().recorded(record(gone)).recorded(record(main))));
        assertEquals(List.of("takeLock 1 [main]"),
                plan(current, target, ctx().recorded(record(gone)).recorded(record(main)).keepImages()));
    }

    @Test
    void recordsATargetImageFoundOnTheEngine() {
        AppTarget target = targetApp(List.of(svc("main").image("main-image")));
        Ctx ctx = ctx().onEngine(new ImageView(imageId("main-image"), List.of("main-image"), List.of()));

        List<Step> steps = Planner.plan(List.of(nothingInstalled()), List.of(target), ctx.build());

        // Unlike balena, recording an image does not take a cycle of its own: the app's steps come with it.
        assertEquals(List.of("saveImage main-image", "takeLock 1 [main]"), describe(steps));
        ImageRecord saved = only(steps, Step.SaveImage.class).get(0).image();
        assertEquals(new ImageRecord("main-image", 1, "deadbeef", 10, "main", 2, 2, "new-release",
                Optional.of(imageId("main-image"))), saved);
    }

    // --- case 38

    private static List<Svc> everyRestartPolicy() {
        return List.of(restarting("one", "always"), restarting("two", "unless-stopped"),
                restarting("three", "on-failure"), restarting("four", "no"));
    }

    private static Svc restarting(String name, String policy) {
        return svc(name).image("test-image").config(c -> c.with("restart", policy));
    }

    private static CurrentApp exitedWith(List<Svc> services, String error) {
        return currentApp("new-release", services.stream()
                .map(s -> s.container().status(ServiceStatus.EXITED).exitError(error)).toList(), List.of(),
                List.of(defaultNetwork()));
    }

    private static Ctx recordedImages(List<Svc> services, Ctx ctx) {
        services.forEach(s -> ctx.recorded(record(s)));
        return ctx;
    }

    @Test
    void startsServicesTheEngineCouldNotStartForAHostRaceWhateverTheirRestartPolicy() {
        List<Svc> services = everyRestartPolicy();

        assertEquals(List.of("start one@new-release", "start two@new-release", "start three@new-release",
                "start four@new-release"), plan(exitedWith(services, HOST_RACE), targetApp(services),
                        recordedImages(services, ctx().locked())));
    }

    @Test
    void leavesServicesThatExitedForAnotherReasonToTheEngine() {
        List<Svc> services = everyRestartPolicy();

        assertEquals(List.of(), plan(exitedWith(services, "My test error"), targetApp(services),
                recordedImages(services, ctx())));
    }
}
