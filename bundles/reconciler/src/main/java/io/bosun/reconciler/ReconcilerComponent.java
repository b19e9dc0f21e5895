package io.bosun.reconciler;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.EngineListener;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.locks.UserLock;
import io.bosun.spi.logs.LogSink;
import io.bosun.spi.reconcile.AppReport;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.ApplyStatus;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.source.TargetStateListener;
import io.bosun.spi.store.LocalMode;
import io.bosun.spi.store.StateStore;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.target.TargetState;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
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
 * The reconciler: stores each target it is handed, then moves the device to it; at boot it applies the stored
 * target at once. It listens to target sources and to the engine (a container gone is put back). Every
 * service it uses is an optional, dynamic reference, so an engine, store or locks bundle can be updated under
 * it: the run in progress fails with "waiting for ..." and resumes when the service is back, and the apps keep
 * running meanwhile.
 */
@Component(service = {Reconciler.class, TargetStateListener.class}, immediate = true)
public final class ReconcilerComponent implements Reconciler, TargetStateListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcilerComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "bindEngine", unbind = "unbindEngine")
    private volatile ContainerEngine engine;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "bindStore", unbind = "unbindStore")
    private volatile StateStore store;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "bindLocks", unbind = "unbindLocks")
    private volatile UpdateLocks locks;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "bindConfig", unbind = "unbindConfig")
    private volatile SupervisorConfig config;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApiKeys keys;

    private final SystemLog log = new SystemLog();
    private final LiveState live = new LiveState();
    private final ComponentEnvironment environment = new ComponentEnvironment();
    /** Held while deciding which source the device runs and handing its target to the loop. */
    private final Object sources = new Object();
    private volatile ApplyLoop loop;
    private ServiceRegistration<EngineListener> engineListener;

    /**
     * The engine listener is registered by hand, not as a service of this component: the component uses the
     * engine, and the engine calls every listener, so a component that was both would be a reference cycle.
     */
    @Activate
    void activate(BundleContext context) {
        ApplyLoop l = new ApplyLoop(environment, live, log);
        loop = l;
        l.start();
        engineListener = context.registerService(EngineListener.class, state -> l.engineChanged(), null);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        engineListener.unregister();
        ApplyLoop l = loop;
        loop = null;
        if (l != null) {
            l.stop();
        }
    }

    // --- Reconciler

    /**
     * Deciding which source the device runs, storing and submitting happen under one lock, so a target from the
     * local API and a cloud target that switches local mode never cross (one would run as the other's).
     */
    @Override
    public void apply(TargetState target, ApplyOptions options) {
        synchronized (sources) {
            DeviceIdentity device = requireConfig().device();
            StateStore s = requireStore();
            try {
                if (!LocalMode.active(device, s)) {
                    throw new IllegalStateException("Target state can only set when device is in local mode");
                }
                s.replaceTarget(target, LocalMode.LOCAL_SOURCE);
            } catch (StoreException e) {
                throw new IllegalStateException("the target cannot be stored: " + e.getMessage(), e);
            }
            requireLoop().submit(target, options.force(), options.cancel());
        }
    }

    @Override
    public boolean reapply(ApplyOptions options) {
        synchronized (sources) {
            Optional<TargetState> active;
            try {
                active = environment.activeTarget();
            } catch (Exception e) {
                throw new IllegalStateException("the stored target cannot be read: " + e.getMessage(), e);
            }
            active.ifPresent(t -> requireLoop().submit(t, options.force(), options.cancel()));
            return active.isPresent();
        }
    }

    /**
     * A source's target is always stored; it is applied when it is the target the device runs. A cloud target
     * that turns local mode on or off moves the device to the other source's target (or to none).
     */
    @Override
    public void targetChanged(TargetState target, String source, boolean force) {
        synchronized (sources) {
            DeviceIdentity device = requireConfig().device();
            StateStore s = requireStore();
            try {
                s.replaceTarget(target, source);
                if (source.equals(LocalMode.source(device, s))) {
                    requireLoop().submit(target, force, true);
                    return;
                }
            } catch (StoreException e) {
                throw new IllegalStateException("the target cannot be stored: " + e.getMessage(), e);
            }
            if (!requireLoop().followStoredTarget()) {
                LOG.info("The target from {} is stored; the device runs its local target while in local mode",
                        source);
            }
        }
    }

    private SupervisorConfig requireConfig() {
        SupervisorConfig c = config;
        if (c == null) {
            throw new IllegalStateException("the target cannot be stored: no supervisor configuration");
        }
        return c;
    }

    private StateStore requireStore() {
        StateStore s = store;
        if (s == null) {
            throw new IllegalStateException("the target cannot be stored: no state store");
        }
        return s;
    }

    @Override
    public ApplyStatus status() {
        ApplyLoop l = loop;
        return l == null ? new ApplyStatus(false, 0, Optional.empty()) : l.status();
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
        return AppReports.of(l.target(), e.currentState(), l.lastPlan(), live.lockRefusals, appId -> {
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

    private ApplyLoop requireLoop() {
        ApplyLoop l = loop;
        if (l == null) {
            throw new IllegalStateException("the reconciler is not active");
        }
        return l;
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

    void bindStore(StateStore s) {
        store = s;
        partsChanged();
        sourceMayHaveChanged();
    }

    void unbindStore(StateStore s) {
        if (store == s) {
            store = null;
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

    void bindConfig(SupervisorConfig c) {
        config = c;
        partsChanged();
        sourceMayHaveChanged();
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

    private void partsChanged() {
        ApplyLoop l = loop;
        if (l != null) {
            l.partsChanged();
        }
    }

    /**
     * A new configuration may make the device managed or unmanaged (and so switch local mode), and a new store
     * may hold other targets: the loop moves to the target of the source the device runs now.
     */
    private void sourceMayHaveChanged() {
        ApplyLoop l = loop;
        if (l != null) {
            l.followStoredTarget();
        }
    }

    /** The loop's view of this component's references, read afresh for each run. */
    private final class ComponentEnvironment implements ApplyLoop.Environment {
        @Override
        public Parts parts() throws MissingPartException {
            ContainerEngine e = engine;
            StateStore s = store;
            UpdateLocks l = locks;
            SupervisorConfig c = config;
            if (c == null) {
                throw new MissingPartException("the supervisor configuration");
            }
            if (e == null) {
                throw new MissingPartException("the container engine");
            }
            if (s == null) {
                throw new MissingPartException("the state store");
            }
            if (l == null) {
                throw new MissingPartException("the update locks");
            }
            return new Parts(e, s, l, c, Optional.ofNullable(keys));
        }

        @Override
        public LocalModeSwitch.Outcome settleLocalMode() throws Exception {
            Parts parts = parts();
            boolean local = LocalMode.active(parts.config().device(), parts.store());
            return new LocalModeSwitch(parts.engine(), parts.store(), log, Clock.systemUTC()).settle(local);
        }

        @Override
        public Optional<TargetState> activeTarget() throws Exception {
            SupervisorConfig c = config;
            StateStore s = store;
            if (c == null) {
                throw new MissingPartException("the supervisor configuration");
            }
            if (s == null) {
                throw new MissingPartException("the state store");
            }
            return LocalMode.target(c.device(), s).map(StoredTarget::target);
        }
    }
}
