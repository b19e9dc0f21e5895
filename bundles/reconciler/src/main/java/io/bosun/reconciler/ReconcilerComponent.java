package io.bosun.reconciler;

import io.bosun.reconciler.plan.Step;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.cloud.PullCredentials;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.EngineListener;
import io.bosun.spi.health.HealthCheck;
import io.bosun.spi.health.HealthResult;
import io.bosun.spi.intake.Offer;
import io.bosun.spi.intake.SelectionListener;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.intake.TargetSelection;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.locks.UserLock;
import io.bosun.spi.logs.LogSink;
import io.bosun.spi.reconcile.AppReport;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.ApplyStatus;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.ReleaseRecords;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.store.TargetStore;
import io.bosun.spi.target.TargetState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler: the intake of every target (it decides which one runs), the apply loop that moves the device to
 * it, and the health of that loop. Every service it uses is an optional, dynamic, greedy reference, so an engine,
 * store or locks bundle can be updated under it: the run in progress fails with "waiting for ..." and resumes when
 * the service is back, and the apps keep running meanwhile.
 */
@Component(service = {Reconciler.class, TargetIntake.class, HealthCheck.class}, immediate = true)
public final class ReconcilerComponent implements Reconciler, TargetIntake, HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcilerComponent.class);
    /** How long a caller waits for the loop to take its offer or request (it takes them between commands). */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "bindEngine", unbind = "unbindEngine")
    private volatile ContainerEngine engine;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "bindTargets", unbind = "unbindTargets")
    private volatile TargetStore targets;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "bindReleases", unbind = "unbindReleases")
    private volatile ReleaseRecords releases;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "bindRecords", unbind = "unbindRecords")
    private volatile RecordStore records;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "bindLocks", unbind = "unbindLocks")
    private volatile UpdateLocks locks;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "bindConfig", unbind = "unbindConfig",
            updated = "updatedConfig")
    private volatile SupervisorConfig config;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApiKeys keys;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PullCredentials credentials;

    private final SystemLog log = new SystemLog();
    private final List<SelectionListener> selectionListeners = new CopyOnWriteArrayList<>();
    private final LiveState live = new LiveState();
    private final TargetModel model = new TargetModel();
    private final EngineSignal engineSignal = new EngineSignal();
    private volatile ApplyLoop loop;
    private ExecutorService steps;
    private ServiceRegistration<EngineListener> engineListener;

    /**
     * The engine listener is registered by hand, not as a service of this component: the component uses the
     * engine, and the engine calls every listener, so a component that was both would be a reference cycle.
     */
    @Activate
    void activate(BundleContext context) {
        AtomicInteger n = new AtomicInteger();
        steps = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bosun-step-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ApplyLoop l = new ApplyLoop(new Runs(), log);
        loop = l;
        l.start();
        engineListener = context.registerService(EngineListener.class, state -> {
            engineSignal.changed();
            l.engineChanged();
        }, null);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        engineListener.unregister();
        ApplyLoop l = loop;
        loop = null;
        engineSignal.changed();
        if (l != null) {
            l.stop(STOP_WAIT);
        }
        steps.shutdown();
    }

    private ApplyLoop requireLoop() {
        ApplyLoop l = loop;
        if (l == null) {
            throw new IllegalStateException("the reconciler is not active");
        }
        return l;
    }

    // --- TargetIntake

    @Override
    public Offer offer(String source, TargetState target, ApplyOptions options) {
        ApplyLoop l = loop;
        if (l == null) {
            return Offer.refused(0, "the reconciler is not active");
        }
        try {
            return await(l.offer(source, target, options));
        } catch (TimeoutException e) {
            return Offer.refused(l.published().selection().sequence(), "the reconciler did not take the target "
                    + "within " + ANSWER_WAIT.toSeconds() + " s");
        }
    }

    @Override
    public TargetSelection selection() {
        ApplyLoop l = loop;
        return l == null ? new TargetSelection(0, false, TargetIntake.LOCAL, false, Optional.empty())
                : l.published().selection();
    }

    @Override
    public Optional<TargetState> stored(String source) {
        ApplyLoop l = loop;
        return l == null ? Optional.empty() : Optional.ofNullable(l.published().stored().get(source));
    }

    // --- Reconciler

    @Override
    public boolean reapply(ApplyOptions options) {
        try {
            return await(requireLoop().reapply(options));
        } catch (TimeoutException e) {
            throw new IllegalStateException("the reconciler did not answer within " + ANSWER_WAIT.toSeconds() + " s");
        }
    }

    private static <T> T await(CompletionStage<T> answer) throws TimeoutException {
        try {
            return answer.toCompletableFuture().get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(SystemLog.message(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the reconciler", e);
        }
    }

    @Override
    public ApplyStatus status() {
        ApplyLoop l = loop;
        return l == null ? new ApplyStatus(false, 0, Optional.empty()) : l.published().status();
    }

    @Override
    public CompletionStage<ApplyStatus> settled() {
        return requireLoop().settled();
    }

    @Override
    public Map<String, Integer> downloads() {
        return live.downloads();
    }

    @Override
    public List<AppReport> apps() {
        ApplyLoop l = loop;
        ContainerEngine e = engine;
        if (l == null || e == null) {
            return List.of();
        }
        ApplyLoop.Published p = l.published();
        return AppReports.of(p.selection().target(), e.currentState(), p.lastPlan(), live.lockRefusals, appId -> {
            UpdateLocks lk = locks;
            return lk == null ? List.<UserLock>of() : lk.userLocks(appId);
        });
    }

    @Override
    public CompletionStage<Void> restart(long appId, boolean force) {
        return requireLoop().exclusive(runs -> Exclusives.restart(runs, appId, force));
    }

    @Override
    public CompletionStage<Void> purge(long appId, boolean force) {
        return requireLoop().exclusive(runs -> Exclusives.purge(runs, appId, force, log));
    }

    @Override
    public CompletionStage<Void> restartService(long appId, String serviceName, boolean force) {
        return requireLoop().exclusive(runs -> Exclusives.restartService(runs, appId, serviceName, force));
    }

    // --- HealthCheck

    @Override
    public String name() {
        return "apply loop";
    }

    @Override
    public HealthResult check() {
        ApplyLoop l = loop;
        if (l == null) {
            return HealthResult.unhealthy("the reconciler is not active");
        }
        ApplyLoop.Published p = l.published();
        Instant now = Instant.now();
        Duration fetching = p.unsettledSince().map(since -> live.downloadTimeSince(since, now)).orElse(Duration.ZERO);
        return ApplyHealth.check(p, now, fetching, !live.downloads.isEmpty());
    }

    // --- references

    void bindEngine(ContainerEngine e) {
        engine = e;
        partsChanged();
    }

    void unbindEngine(ContainerEngine e) {
        if (engine == e) {
            engine = null;
        }
    }

    void bindTargets(TargetStore t) {
        targets = t;
        partsChanged();
    }

    void unbindTargets(TargetStore t) {
        if (targets == t) {
            targets = null;
        }
    }

    void bindReleases(ReleaseRecords r) {
        releases = r;
        partsChanged();
    }

    void unbindReleases(ReleaseRecords r) {
        if (releases == r) {
            releases = null;
        }
    }

    void bindRecords(RecordStore r) {
        records = r;
        partsChanged();
    }

    void unbindRecords(RecordStore r) {
        if (records == r) {
            records = null;
        }
    }

    /**
     * Locks held through the provider that goes are released (its in-process locks go with it); the next run
     * takes them again from the new provider.
     */
    void bindLocks(UpdateLocks l) {
        live.releaseAllLocks();
        locks = l;
        partsChanged();
    }

    void unbindLocks(UpdateLocks l) {
        if (locks == l) {
            locks = null;
            live.releaseAllLocks();
        }
    }

    /** A new configuration may make the device managed or unmanaged, and so switch local mode. */
    void bindConfig(SupervisorConfig c) {
        config = c;
        partsChanged();
    }

    void updatedConfig(SupervisorConfig c) {
        config = c;
        partsChanged();
    }

    void unbindConfig(SupervisorConfig c) {
        if (config == c) {
            config = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSink(LogSink sink) {
        log.add(sink);
    }

    void removeSink(LogSink sink) {
        log.remove(sink);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSelectionListener(SelectionListener listener) {
        selectionListeners.add(listener);
    }

    void removeSelectionListener(SelectionListener listener) {
        selectionListeners.remove(listener);
    }

    private void partsChanged() {
        ApplyLoop l = loop;
        if (l != null) {
            l.partsChanged();
        }
    }

    private Parts parts() throws MissingPartException {
        ContainerEngine e = engine;
        ReleaseRecords r = releases;
        RecordStore s = records;
        UpdateLocks l = locks;
        SupervisorConfig c = config;
        if (c == null) {
            throw new MissingPartException("the supervisor configuration");
        }
        if (e == null) {
            throw new MissingPartException("the container engine");
        }
        if (r == null || s == null) {
            throw new MissingPartException("the state store");
        }
        if (l == null) {
            throw new MissingPartException("the update locks");
        }
        return new Parts(e, r, s, l, c, Optional.ofNullable(keys), Optional.ofNullable(credentials));
    }

    /** The loop's view of this component's references, read afresh for each use. */
    private final class Runs implements ApplyLoop.Environment {
        @Override
        public void selected(TargetSelection selection) {
            for (SelectionListener listener : selectionListeners) {
                try {
                    listener.selected(selection);
                } catch (RuntimeException e) {
                    LOG.warn("A selection listener failed: {}", e.toString());
                }
            }
        }

        @Override
        public DeviceIdentity device() throws MissingPartException {
            SupervisorConfig c = config;
            if (c == null) {
                throw new MissingPartException("the supervisor configuration");
            }
            return c.device();
        }

        private TargetStore targetStore() throws MissingPartException {
            TargetStore t = targets;
            if (t == null) {
                throw new MissingPartException("the state store");
            }
            return t;
        }

        @Override
        public Map<String, TargetState> storedTargets() throws Exception {
            Map<String, TargetState> bySource = new LinkedHashMap<>();
            for (StoredTarget stored : targetStore().targets().values()) {
                bySource.put(stored.source(), stored.target());
            }
            return bySource;
        }

        @Override
        public void store(String source, TargetState target) throws Exception {
            targetStore().replaceTarget(target, source);
        }

        @Override
        public void forget(String source) throws Exception {
            targetStore().removeTarget(source);
        }

        @Override
        public void execute(ApplyLoop.Work work, Cancel cancel, Consumer<List<Step>> planned) throws Exception {
            Parts parts = parts();
            LocalModeSwitch.Outcome mode = new LocalModeSwitch(parts.engine(),
                    parts.records().namespace(Parts.NAMESPACE), parts.releases(), log, Clock.systemUTC())
                    .settle(work instanceof ApplyLoop.Work.Normal n ? n.localMode()
                            : ((ApplyLoop.Work.Action) work).localMode());
            if (work instanceof ApplyLoop.Work.Normal n) {
                if (n.target().isPresent()) {
                    run(parts, cancel, RunOptions.device(n.force(), mode.local()), planned).run(n.target().get());
                }
                return;
            }
            ApplyLoop.Work.Action action = (ApplyLoop.Work.Action) work;
            action.body().run(new ApplyLoop.RunFactory() {
                @Override
                public void apply(TargetState target, RunOptions options) throws Exception {
                    run(parts(), cancel, options, planned).run(target);
                }

                @Override
                public Optional<TargetState> target() {
                    return action.target();
                }

                @Override
                public boolean localMode() {
                    return mode.local();
                }
            });
        }

        private ApplyRun run(Parts parts, Cancel cancel, RunOptions options, Consumer<List<Step>> planned) {
            return new ApplyRun(parts, live, log, model, cancel, options, steps, engineSignal, planned);
        }

        @Override
        public Set<Path> userLocks(Set<Long> appIds) {
            UpdateLocks l = locks;
            Set<Path> files = new TreeSet<>();
            if (l != null) {
                try {
                    appIds.forEach(id -> l.userLocks(id).forEach(lock -> files.add(lock.file())));
                } catch (RuntimeException e) {
                    return Set.of();
                }
            }
            return files;
        }

        @Override
        public void released() {
            live.releaseAllLocks();
        }
    }
}
