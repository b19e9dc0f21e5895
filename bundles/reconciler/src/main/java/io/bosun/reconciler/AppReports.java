package io.bosun.reconciler;

import io.bosun.reconciler.plan.CurrentApp;
import io.bosun.reconciler.plan.Step;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.locks.UserLock;
import io.bosun.spi.reconcile.AppPhase;
import io.bosun.spi.reconcile.AppReport;
import io.bosun.spi.target.TargetState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Each app's phase, from the last plan: settled when it had no step, locked when its lock could not be taken,
 * downloading or applying otherwise. A locked app also names the locks no process can release any more: those
 * of services whose containers have all exited.
 */
final class AppReports {
    private AppReports() {
    }

    static List<AppReport> of(Optional<TargetState> target, CurrentState state, List<Step> lastPlan,
            Map<Long, String> lockRefusals, LongFunction<List<UserLock>> userLocks) {
        Map<Long, String> apps = new TreeMap<>();
        target.ifPresent(t -> t.apps().values().forEach(a -> apps.put(a.id(), a.uuid())));
        state.containers().forEach(c -> apps.putIfAbsent(c.identity().appId(), c.identity().appUuid()));
        Map<Long, List<Step>> steps = new TreeMap<>();
        lastPlan.forEach(s -> Steps.appId(s).ifPresent(id -> steps.computeIfAbsent(id, k -> new ArrayList<>()).add(s)));
        List<AppReport> reports = new ArrayList<>();
        apps.forEach((appId, uuid) -> {
            List<Step> own = steps.getOrDefault(appId, List.of());
            String refusal = lockRefusals.get(appId);
            boolean waitsForLock = refusal != null && own.stream().anyMatch(s -> s instanceof Step.TakeLock);
            if (waitsForLock) {
                reports.add(new AppReport(appId, uuid, AppPhase.LOCKED, Optional.of(refusal),
                        orphaned(userLocks.apply(appId), state, appId)));
            } else if (own.isEmpty()) {
                reports.add(new AppReport(appId, uuid, AppPhase.SETTLED, Optional.empty(), List.of()));
            } else {
                boolean fetching = own.stream().anyMatch(s -> s instanceof Step.Fetch);
                reports.add(new AppReport(appId, uuid, fetching ? AppPhase.DOWNLOADING : AppPhase.APPLYING,
                        Optional.empty(), List.of()));
            }
        });
        return reports;
    }

    /** Locks of services none of whose containers run: nothing inside the app can release them. */
    private static List<UserLock> orphaned(List<UserLock> locks, CurrentState state, long appId) {
        return locks.stream().filter(lock -> state.containers().stream()
                .filter(c -> c.identity().appId() == appId && c.identity().serviceName().equals(lock.serviceName()))
                .noneMatch(AppReports::running)).toList();
    }

    private static boolean running(ContainerView c) {
        return CurrentApp.isRunning(c);
    }
}
