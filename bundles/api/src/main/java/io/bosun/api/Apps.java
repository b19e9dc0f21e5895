package io.bosun.api;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetState;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/** The reads of apps that several routes share: what runs now, and what the stored target asks for. */
final class Apps {
    private Apps() {
    }

    /** The supervised containers of the apps asked for; a dead one is not shown, it is being removed. */
    static List<ContainerView> containers(CurrentState state, LongPredicate apps) {
        return state.containers().stream().filter(c -> apps.test(c.identity().appId()))
                .filter(c -> c.status() != ServiceStatus.DEAD).toList();
    }

    /** An app's containers: what balena calls the app's current services. */
    static List<ContainerView> containers(CurrentState state, long appId) {
        return containers(state, id -> id == appId);
    }

    static Optional<TargetApp> targetApp(Optional<TargetState> target, long appId) {
        return target.flatMap(t -> t.apps().values().stream().filter(a -> a.id() == appId).findFirst());
    }

    static Optional<TargetRelease> targetRelease(Optional<TargetState> target, long appId) {
        return targetApp(target, appId).flatMap(TargetApp::release);
    }
}
