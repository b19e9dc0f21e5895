package io.bosun.reconciler;

import io.bosun.reconciler.plan.AppTarget;
import io.bosun.reconciler.plan.CurrentApp;
import io.bosun.reconciler.plan.PlanContext;
import io.bosun.reconciler.plan.Planner;
import io.bosun.reconciler.plan.Step;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.target.TargetState;
import io.bosun.support.balena.DeviceFlags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One run: plan, carry the steps out together, plan again from the engine's state, until the planner has
 * nothing left. There is no sleep between cycles that did work; a cycle of only waits ({@code noop}) waits for
 * the next engine change, at most a second.
 */
final class ApplyRun {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApplyRun.class);
    private static final long NOOP_WAIT_MS = 1000;
    private static final long CANCEL_POLL_MS = 50;
    private static final int MAX_REPEATS = 5;

    private final Parts parts;
    private final LiveState live;
    private final SystemLog log;
    private final TargetModel model;
    private final Cancel cancel;
    private final RunOptions options;
    private final ExecutorService pool;
    private final EngineSignal engineSignal;
    private final Consumer<List<Step>> planned;
    private final PendingKills pendingKills;

    ApplyRun(Parts parts, LiveState live, SystemLog log, TargetModel model, Cancel cancel, RunOptions options,
            ExecutorService pool, EngineSignal engineSignal, Consumer<List<Step>> planned) {
        this.parts = parts;
        this.live = live;
        this.log = log;
        this.model = model;
        this.cancel = cancel;
        this.options = options;
        this.pool = pool;
        this.engineSignal = engineSignal;
        this.planned = planned;
        this.pendingKills = new PendingKills(parts.records().namespace(Parts.NAMESPACE));
    }

    /** Runs until the device is at the target; throws the first failure or a {@link CancellationException}. */
    void run(TargetState target) throws Exception {
        if (options.scope().isEmpty()) {
            new DeviceConfigChanges(parts.records().namespace(RecordStore.DEVICE), log).apply(target.config());
        }
        boolean override = DeviceFlags.lockOverride(target.config());
        StepExecutor executor = new StepExecutor(parts, live, log, cancel, pendingKills,
                appId -> options.covers(appId) && (override || options.forces(appId)));
        List<Step> previous = List.of();
        int repeats = 0;
        while (true) {
            cancel.check();
            long seen = engineSignal.version();
            List<Step> steps = plan(target);
            planned.accept(steps);
            repeats = steps.equals(previous) ? repeats + 1 : 0;
            previous = steps;
            if (repeats >= MAX_REPEATS && !steps.stream().allMatch(s -> s instanceof Step.Noop)) {
                // A safety net: steps that leave no trace would otherwise repeat at full speed forever.
                throw new IllegalStateException("No progress: the same steps ran " + (MAX_REPEATS + 1)
                        + " times without effect: " + steps.stream().map(Step::action).toList());
            }
            LOG.debug("Plan: {}", steps.stream().map(Step::action).toList());
            if (steps.isEmpty()) {
                if (options.scope().isEmpty()) {
                    forgetAppsGone(target);
                }
                return;
            }
            execute(executor, steps);
            if (steps.stream().allMatch(s -> s instanceof Step.Noop)) {
                engineSignal.awaitChange(seen, NOOP_WAIT_MS);
            }
        }
    }

    /**
     * The statuses laid over the engine's: those of steps under way, and Dead for a stopped container whose kill a
     * previous run began but did not finish (so it is removed, not left stopped).
     */
    private Map<String, ServiceStatus> overlays(CurrentState state) throws StoreException {
        Map<String, ServiceStatus> overlays = new HashMap<>(live.overlays);
        Set<String> pending = pendingKills.read();
        if (pending.isEmpty()) {
            return overlays;
        }
        Set<String> existing = new TreeSet<>();
        for (ContainerView c : state.containers()) {
            existing.add(c.id());
            if (pending.contains(c.id()) && !CurrentApp.isRunning(c) && !overlays.containsKey(c.id())) {
                overlays.put(c.id(), ServiceStatus.DEAD);
            }
        }
        pendingKills.retain(existing);
        return overlays;
    }

    /**
     * An app taken off the device has no commit any more (balena keeps the row; it is never read again), and the
     * keys of its services stop working: a container that outlived its app must not keep API access.
     */
    private void forgetAppsGone(TargetState target) throws Exception {
        Set<Long> wanted = new TreeSet<>();
        target.apps().values().forEach(a -> wanted.add(a.id()));
        for (long appId : parts.releases().currentCommits().keySet()) {
            if (!wanted.contains(appId)) {
                parts.releases().removeCurrentCommit(appId);
            }
        }
        parts.keys().ifPresent(keys -> keys.retainApps(wanted));
    }

    List<Step> plan(TargetState target) throws Exception {
        CurrentState state = parts.engine().currentState();
        if (!state.synced()) {
            throw new EngineException(Kind.ENGINE_DOWN, "the container engine is not reachable");
        }
        // An action on one app plans that app alone: another app's locks, downloads or removal are not its business.
        List<CurrentApp> current = CurrentModel.apps(state, parts.releases().currentCommits(), overlays(state))
                .stream().filter(a -> options.covers(a.appId())).toList();
        List<AppTarget> apps = model.apps(target, options::covers, state.images(), parts);
        Set<Long> leftovers = new TreeSet<>();
        Set<Long> appIds = new TreeSet<>();
        current.forEach(a -> appIds.add(a.appId()));
        apps.forEach(a -> appIds.add(a.appId()));
        for (long appId : appIds) {
            if (!live.locks.containsKey(appId) && parts.locks().hasLeftoverLocks(appId)) {
                leftovers.add(appId);
            }
        }
        boolean breadcrumb = StepExecutor.rebootAsked(parts.config().settings().locksDir());
        PlanContext ctx = new PlanContext(live.downloads.keySet(), live.lockedApps(), leftovers,
                options.keepImages(), options.keepVolumes(), purgedApps(), HostOs.BOOT, breadcrumb,
                parts.releases().images(), state.images(), live.ignoredImages());
        return Planner.plan(current, apps, ctx);
    }

    private Set<Long> purgedApps() {
        return options.purged().isPresent() ? Set.of(options.purged().getAsLong()) : Set.of();
    }

    /**
     * Every step of the cycle runs at once; the cycle ends when all have ended, failed or not. When the run is
     * cancelled meanwhile, the threads of the long steps (pulls, hand-over waits) are interrupted, which closes
     * the engine connection a pull streams from; short steps are let finish.
     */
    private void execute(StepExecutor executor, List<Step> steps) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (Step step : steps) {
            running.add(pool.submit(() -> {
                executor.execute(step);
                return null;
            }));
        }
        List<Throwable> failures = new ArrayList<>();
        boolean interrupted = false;
        for (int i = 0; i < running.size(); i++) {
            while (true) {
                try {
                    running.get(i).get(CANCEL_POLL_MS, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    if (cancel.cancelled() && !interrupted) {
                        interruptLongSteps(steps, running);
                        interrupted = true;
                    }
                } catch (CancellationException e) {
                    failures.add(e);
                    break;
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                    break;
                }
            }
        }
        cancel.check();
        if (failures.isEmpty()) {
            return;
        }
        for (Throwable t : failures) {
            if (t instanceof UpdatesLockedException locked) {
                throw locked;
            }
        }
        throw new StepsFailedException(failures.get(0), steps);
    }

    private static void interruptLongSteps(List<Step> steps, List<Future<?>> running) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.Fetch || steps.get(i) instanceof Step.Handover) {
                running.get(i).cancel(true);
            }
        }
    }
}
