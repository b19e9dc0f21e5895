package io.bosun.reconciler.plan;

import static io.bosun.reconciler.plan.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.engine.ServiceStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regressions: the planner read compose fields in snake_case only while the engine read both spellings, and
 * read the update strategy from the target's labels only while balena also reads the image's. Compose keys mean
 * the same to the planner as to the engine, and labels are read as the container will carry them.
 */
class ComposeSpellingsTest {

    private static List<String> update(CurrentApp current, AppTarget target, Ctx ctx) {
        return describe(AppPlanner.update(current, target, ctx.build()));
    }

    private static CurrentApp running(String commit, Ctr... containers) {
        return currentApp(commit, List.of(containers), List.of(), List.of(defaultNetwork()));
    }

    @Test
    void dependsOnInCamelCaseHoldsTheStartBack() {
        Svc main = svc("main").compose("dependsOn", List.of("dep"));
        Svc dep = svc("dep");
        AppTarget target = targetApp(List.of(main, dep));

        CurrentApp installing = running("new-release", dep.container().status(ServiceStatus.INSTALLING));
        assertEquals(List.of("start dep@new-release", "noop"), update(installing, target, ctx().locked()));
        assertEquals(List.of("start main@new-release"),
                update(running("new-release", dep.container()), target, ctx().locked()));
    }

    @Test
    void networkModeServiceInCamelCaseWaitsForThatService() {
        Svc main = svc("main").compose("networkMode", "service:dep")
                .config(c -> c.networkMode("service:dep"));
        Svc dep = svc("dep");
        assertEquals(List.of("service:dep"), List.of(main.build().service().composition().get("networkMode")));
        assertEquals(List.of("dep"), main.build().dependsOn());
        CurrentApp installing = running("new-release", dep.container().status(ServiceStatus.INSTALLING));
        assertEquals(List.of("start dep@new-release", "noop"),
                update(installing, targetApp(List.of(main, dep)), ctx().locked()));
    }

    @Test
    void networkModeHostInCamelCaseLeavesTheDefaultNetworkConfigOnly() {
        Svc one = svc("one").compose("networkMode", "host")
                .config(c -> c.networkMode("host"));
        assertTrue(targetApp(List.of(one)).networks().get("default").configOnly());
    }

    @Test
    void aStrategySetInTheImageIsFollowed() {
        Map<String, String> imageLabels = new LinkedHashMap<>(Map.of("io.balena.update.strategy", "hand-over",
                "io.balena.update.handover-timeout", "5000"));
        Svc outgoing = svc("main").image("main-image").commit("old-release").release(1, 1);
        Svc incoming = svc("main").image("main-image-2").config(c -> c.labels(imageLabels));
        assertEquals(Strategy.HAND_OVER, incoming.build().strategy(), "from the definition's labels");
        assertEquals(Duration.ofSeconds(5), incoming.build().handoverTimeout());

        List<Step> steps = AppPlanner.update(running("old-release", outgoing.container()),
                targetApp(List.of(incoming)), ctx().locked().build());
        assertEquals(List.of("handover main@old-release -> new-release"), describe(steps));
    }

    @Test
    void beforeTheImageIsHereTheTargetsOwnLabelsCount() {
        Svc waiting = svc("main").label("io.resin.update.strategy", "kill-then-download").notReady();
        assertEquals(Strategy.KILL_THEN_DOWNLOAD, waiting.build().strategy(), "io.resin spelling too");
    }
}
