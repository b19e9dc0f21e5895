package io.bosun.cloud;

import io.bosun.spi.bundles.BundleUpdates;
import io.bosun.spi.cloud.CloudConnection;
import io.bosun.spi.cloud.CloudStatus;
import io.bosun.spi.cloud.PullCredentials;
import io.bosun.spi.config.ConfigJsonWriter;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.RegistryAuth;
import io.bosun.spi.health.HealthCheck;
import io.bosun.spi.health.HealthResult;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.logs.LogSink;
import io.bosun.spi.logs.LogStream;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.Records;
import io.bosun.spi.store.ReleaseRecords;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import io.bosun.support.balena.DeviceVariables;
import io.bosun.support.balena.ImageReference;
import io.bosun.support.host.OsRelease;
import io.bosun.support.time.Backoffs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud connector (docs/cloud.md): on a managed device, provisions it, polls its target, reports its state and
 * tags, ships its logs and checks connectivity, each in a loop of its own. Every service it uses is optional and
 * read afresh in each round, so any of them may be updated while it runs; the cloud being away, slow or answering
 * garbage only makes the loops back off: the apps are never touched, and the health check fails only when a loop
 * is dead or stuck.
 */
@Component(service = {CloudConnection.class, PullCredentials.class, HealthCheck.class}, immediate = true,
        configurationPid = CloudSettings.PID)
@Designate(ocd = CloudSettings.class)
public final class CloudComponent implements CloudConnection, PullCredentials, HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CloudComponent.class);
    /** How long a round may run beyond its own timeouts before the health check calls the loop stuck. */
    private static final Duration STUCK_MARGIN = Duration.ofMinutes(5);
    private static final Duration PARTS_MISSING = Duration.ofSeconds(2);
    /**
     * How long a loop of an unmanaged device sleeps. A new configuration (the only thing that can make the device
     * managed) wakes every loop, so this is only a safety net, kept long: an idle device should not wake up to look.
     */
    private static final Duration UNMANAGED = Duration.ofMinutes(10);
    private static final Duration PROVISION_BASE = Duration.ofSeconds(30);
    private static final Duration PROVISION_MAX = Duration.ofMinutes(10);
    private static final Duration POLL_ERROR_BASE = Duration.ofSeconds(15);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "bindConfig", unbind = "unbindConfig",
            updated = "configChanged")
    private volatile SupervisorConfig config;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigJsonWriter writer;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TargetIntake intake;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TargetStateCodec codec;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Reconciler reconciler;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerEngine engine;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ReleaseRecords releases;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RecordStore records;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApiKeys keys;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BundleUpdates bundles;

    private final Clock clock = Clock.systemUTC();
    private final CloudLog log = new CloudLog(clock);
    private final CloudState state = new CloudState();
    private final AtomicReference<ApplyOptions> asked = new AtomicReference<>();
    private volatile DeviceIdentity registeredAs;
    private volatile CloudSettings settings;
    private volatile Path dataDir = Path.of(".");
    private CloudHttp http;
    private Provisioner.Facts facts;
    private TargetPoller poller;
    private StateReporter reporter;
    private TagReporter tags;
    private InitialReports initial;
    private HostMetrics metrics;
    private OsRelease os;
    private final HostAddresses addresses = new HostAddresses(Duration.ofSeconds(30));
    private volatile ConnectivityCheck connectivity;
    private volatile LogShipper shipper;
    private AutoCloseable logSubscription;
    private volatile Loop pollLoop;
    private volatile Loop reportLoop;
    private volatile Loop connectivityLoop;
    private boolean firstPoll = true;
    private String lastCloudOfDevice = "";
    private String lastReportedCloud = "";
    private final ReportTrigger trigger = new ReportTrigger();
    private int provisionFailures;
    private int pollFailures;
    private int reportFailures;

    @Activate
    void activate(CloudSettings s) {
        settings = s;
        SupervisorConfig c = config;
        String version = c == null ? "unknown" : c.version();
        os = OsRelease.ofHost();
        facts = new Provisioner.Facts(version, os.prettyName().orElse(null), os.value("VARIANT_ID").orElse(null),
                String.join(" ", addresses.now().macs()));
        http = new CloudHttp("Supervisor/" + version + " (Linux; " + os.prettyName().orElse("unknown") + "; "
                + os.value("VARIANT_ID").orElse("prod") + ")");
        poller = new TargetPoller(http, log);
        reporter = new StateReporter(http, clock);
        tags = new TagReporter(http);
        initial = new InitialReports(http);
        if (c != null) {
            dataDir = c.settings().dataDir();
        }
        metrics = new HostMetrics(Path.of("/proc"), Path.of("/sys"), dataDir);
        connectivity = new ConnectivityCheck(Path.of(s.vpnStatusDir()));
        shipper = new LogShipper(this::logDestination, LogShipper.Timings.balena());
        shipper.start();
        pollLoop = new Loop("poll", this::pollRound, clock);
        reportLoop = new Loop("report", this::reportRound, clock);
        connectivityLoop = new Loop("connectivity", this::connectivityRound, clock);
        pollLoop.start();
        reportLoop.start();
        connectivityLoop.start();
        LOG.info("Cloud connector started ({})", c == null ? "no configuration yet"
                : c.device().apiEndpoint().map(e -> "managed by " + e).orElse("unmanaged: idle"));
    }

    @Modified
    void modified(CloudSettings s) {
        settings = s;
        connectivity = new ConnectivityCheck(Path.of(s.vpnStatusDir()));
        reportLoop.wake();
    }

    @Deactivate
    void deactivate() throws Exception {
        for (Loop loop : List.of(pollLoop, reportLoop, connectivityLoop)) {
            loop.stop(Duration.ofMillis(500), Duration.ofSeconds(5));
        }
        closeLogSubscription();
        shipper.close();
    }

    void bindConfig(SupervisorConfig c) {
        config = c;
        configChanged(c);
    }

    void unbindConfig(SupervisorConfig c) {
        if (config == c) {
            config = null;
        }
    }

    /** A new identity (provisioned, another endpoint) or a new configuration: the loops look again now. */
    void configChanged(SupervisorConfig c) {
        for (Loop loop : new Loop[] {pollLoop, reportLoop, connectivityLoop}) {
            if (loop != null) {
                loop.wake();
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSink(LogSink sink) {
        log.add(sink);
    }

    void removeSink(LogSink sink) {
        log.remove(sink);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindLogs(LogStream stream) {
        closeLogSubscription();
        logSubscription = stream.subscribe(record -> {
            LogShipper s = shipper;
            if (s != null) {
                s.accept(record);
            }
        });
    }

    synchronized void unbindLogs(LogStream stream) {
        closeLogSubscription();
    }

    private synchronized void closeLogSubscription() {
        AutoCloseable subscription = logSubscription;
        logSubscription = null;
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("Closing the log subscription failed", e);
            }
        }
    }

    // --- the services

    @Override
    public CloudStatus status() {
        return state.status();
    }

    @Override
    public boolean pollNow(ApplyOptions options) {
        Optional<DeviceIdentity> device = provisionedDevice();
        if (device.isEmpty()) {
            return false;
        }
        if (!options.force() && !DeviceVariables.flag(cloudVariables(device.get()), DeviceVariables.INSTANT_UPDATES)) {
            return false;
        }
        asked.accumulateAndGet(options, (a, b) -> a == null ? b
                : new ApplyOptions(a.force() || b.force(), a.cancel() || b.cancel()));
        pollLoop.wake();
        return true;
    }

    @Override
    public Optional<RegistryAuth> forImage(String image) {
        TargetIntake i = intake;
        Optional<DeviceIdentity> provisioned = provisionedDevice();
        if (i == null || provisioned.isEmpty() || TargetIntake.LOCAL.equals(i.selection().source())) {
            return Optional.empty();
        }
        DeviceIdentity device = provisioned.get();
        return Optional.of(new RegistryAuth("d_" + device.uuid(), device.deviceApiKey().orElseThrow(),
                ImageReference.parse(image).registry()));
    }

    @Override
    public String name() {
        return "cloud";
    }

    /**
     * Only the connector's own faults: a loop that died, or a round that runs far beyond the request timeout. A
     * cloud that cannot be reached is no fault of the device (balena turns unhealthy then, and its restart cures
     * nothing).
     */
    @Override
    public HealthResult check() {
        Duration limit = requestTimeout(cloudVariables()).multipliedBy(3).plus(STUCK_MARGIN);
        for (Loop loop : List.of(pollLoop, reportLoop, connectivityLoop)) {
            if (!loop.alive()) {
                return HealthResult.unhealthy("the cloud " + loop.name() + " loop is not running");
            }
            Optional<Duration> busy = loop.busyFor();
            if (busy.isPresent() && busy.get().compareTo(limit) > 0) {
                return HealthResult.unhealthy("the cloud " + loop.name() + " loop is stuck in a round for "
                        + busy.get().toSeconds() + " s");
            }
        }
        return HealthResult.HEALTHY;
    }

    // --- the loops

    private Duration pollRound() throws Exception {
        Optional<DeviceIdentity> managed = device();
        if (managed.isEmpty()) {
            state.provisioned(false);
            return UNMANAGED;
        }
        DeviceIdentity device = managed.get();
        String cloudOfDevice = CloudOfDevice.of(device);
        if (!cloudOfDevice.equals(lastCloudOfDevice)) {
            // Another cloud, or a new identity: what was learnt of the last one (its failures) says nothing.
            lastCloudOfDevice = cloudOfDevice;
            provisionFailures = 0;
            pollFailures = 0;
            firstPoll = true;
        }
        Map<String, String> variables = cloudVariables(device);
        Duration timeout = requestTimeout(variables);
        if (!Provisioner.provisioned(device)) {
            Optional<Duration> retry = provision(device, timeout);
            if (retry.isPresent()) {
                return retry.get();
            }
            return Duration.ZERO;
        }
        state.provisioned(true);
        TargetIntake i = intake;
        TargetStateCodec k = codec;
        Reconciler r = reconciler;
        RecordStore s = records;
        if (i == null || k == null || r == null || s == null) {
            return PARTS_MISSING;
        }
        Optional<ApplyOptions> options = Optional.ofNullable(asked.getAndSet(null));
        if (firstPoll && options.isEmpty()
                && !DeviceVariables.flag(variables, DeviceVariables.INSTANT_UPDATES)) {
            // balena skips the first poll when instant updates are off: the stored target runs meanwhile.
            firstPoll = false;
            return pollInterval(variables);
        }
        firstPoll = false;
        try {
            // balena tells a new cloud what the device runs before it takes the cloud's first target.
            initial.report(device, s.namespace(RecordStore.DEVICE).entries(RecordStore.CONFIG), variables,
                    s.namespace(NAMESPACE), timeout);
            poller.poll(device, timeout, options, i, k, r, s.namespace(NAMESPACE));
            pollFailures = 0;
            state.polled(clock.instant());
            log.recovered("poll", "The target state is fetched again");
            return pollInterval(cloudVariables(device));
        } catch (CloudException e) {
            state.failed(e);
            log.rarely("poll", e.getMessage());
            pollFailures++;
            return e.retryAfter().orElse(backoff(POLL_ERROR_BASE, pollFailures, pollIntervalOnly(variables)));
        }
    }

    /** Empty when the device is provisioned now; else how long to wait before the next attempt. */
    private Optional<Duration> provision(DeviceIdentity device, Duration timeout) throws Exception {
        ConfigJsonWriter w = writer;
        if (w == null) {
            return Optional.of(PARTS_MISSING);
        }
        try {
            DeviceIdentity done = new Provisioner(http, w, facts, clock).provision(device, timeout);
            registeredAs = done;
            provisionFailures = 0;
            state.provisioned(true);
            state.succeeded();
            log.recovered("provision", "The device is registered");
            log.system("Device registered with " + done.apiEndpoint().orElse("") + " as " + done.uuid(), false);
            reportLoop.wake();
            return Optional.empty();
        } catch (CloudException e) {
            state.failed(e);
            log.rarely("provision", e.getMessage());
            provisionFailures++;
            Duration wait = backoff(PROVISION_BASE, provisionFailures, PROVISION_MAX);
            return Optional.of(e.retryAfter().filter(r -> r.compareTo(wait) > 0).orElse(wait));
        }
    }

    private Duration reportRound() throws Exception {
        Duration interval = Duration.ofMillis(settings.reportIntervalMillis());
        SupervisorConfig c = config;
        Optional<DeviceIdentity> managed = device();
        if (managed.isEmpty()) {
            return UNMANAGED;
        }
        Optional<DeviceIdentity> provisioned = managed.filter(Provisioner::provisioned);
        if (c == null || provisioned.isEmpty()) {
            return interval;
        }
        ContainerEngine e = engine;
        Reconciler r = reconciler;
        ReleaseRecords rel = releases;
        TargetIntake i = intake;
        RecordStore s = records;
        if (e == null || r == null || rel == null || i == null || s == null) {
            return PARTS_MISSING;
        }
        DeviceIdentity device = provisioned.get();
        String cloudOfDevice = CloudOfDevice.of(device);
        if (!cloudOfDevice.equals(lastReportedCloud)) {
            lastReportedCloud = cloudOfDevice;
            reportFailures = 0;
        }
        Map<String, String> variables = cloudVariables(device);
        Duration timeout = requestTimeout(variables);
        Records own = s.namespace(NAMESPACE);
        Duration metricsInterval = Duration.ofMillis(settings.metricsIntervalMillis());
        ApiKeys k = keys;
        List<Object> facts = List.of(device, variables, e.currentState(), r.status(), r.apps(), r.downloads(),
                i.selection().sequence(), Optional.ofNullable(k).map(ApiKeys::globalKey), addresses.now());
        try {
            if (trigger.due(facts, clock.instant(), metricsInterval)) {
                reporter.report(device, DeviceReport.of(inputs(c, device, variables, e, r, rel, i)), timeout,
                        metricsInterval, own);
                trigger.sent(facts, clock.instant());
            }
            tags.report(device, s, own, timeout);
            reporter.lastSentAt().ifPresent(state::reported);
            reportFailures = 0;
            return interval;
        } catch (CloudException ex) {
            trigger.failed();
            state.failed(ex);
            log.rarely("report", ex.getMessage());
            reportFailures++;
            return ex.retryAfter().orElse(backoff(POLL_ERROR_BASE, reportFailures, pollIntervalOnly(variables)));
        }
    }

    private DeviceReport.Inputs inputs(SupervisorConfig c, DeviceIdentity device, Map<String, String> variables,
            ContainerEngine e,
            Reconciler r, ReleaseRecords rel, TargetIntake i) throws Exception {
        ApiKeys k = keys;
        boolean localMode = i.selection().localMode();
        Metrics sampled = DeviceVariables.flag(variables, DeviceVariables.HARDWARE_METRICS) ? metrics.sample()
                : Metrics.none();
        Optional<TargetState> target = i.stored(device.apiEndpoint().orElseThrow());
        return new DeviceReport.Inputs(device.uuid(), c.settings().apiPort(),
                Optional.ofNullable(k).map(ApiKeys::globalKey), c.version(), os.prettyName(), os.value("VARIANT_ID"),
                addresses.now(), localMode, target, e.currentState(), r.downloads(), carriers(target),
                rel.currentCommits(), sampled);
    }

    /** The updater's word for each carrier image of the target, which the report gives as its service's status. */
    private Map<String, String> carriers(Optional<TargetState> target) {
        BundleUpdates b = bundles;
        Map<String, String> carriers = new HashMap<>();
        if (b != null && target.isPresent()) {
            target.get().apps().values().forEach(app -> app.release().ifPresent(release -> release.services()
                    .values().forEach(s -> b.carrier(s.image())
                            .ifPresent(status -> carriers.put(s.image(), status.phase().wireName())))));
        }
        return carriers;
    }

    private Duration connectivityRound() {
        Duration interval = Duration.ofMillis(settings.connectivityIntervalMillis());
        Optional<DeviceIdentity> managed = device();
        if (managed.isEmpty()) {
            return UNMANAGED;
        }
        Map<String, String> variables = cloudVariables(managed.get());
        if (!DeviceVariables.flag(variables, DeviceVariables.CONNECTIVITY_CHECK) || connectivity.vpnActive()) {
            state.hostReachable(true);
            return interval;
        }
        String endpoint = managed.get().apiEndpoint().orElseThrow();
        boolean reachable = ConnectivityCheck.reachable(endpoint, Duration.ofSeconds(10));
        state.hostReachable(reachable);
        if (reachable) {
            log.recovered("connectivity", "The cloud's host " + URI.create(endpoint).getHost() + " is reachable again");
        } else {
            log.rarely("connectivity", "The cloud's host " + URI.create(endpoint).getHost()
                    + " cannot be reached: the device keeps running its apps and retries");
        }
        return interval;
    }

    // --- helpers

    static final String NAMESPACE = "cloud";

    /**
     * The device as it is now: the published identity, or the one provisioning just wrote while ConfigAdmin has
     * not published it yet (asynchronously), so that the next round does not register the device again. Empty
     * when the configuration is away or the device is unmanaged.
     */
    private Optional<DeviceIdentity> device() {
        SupervisorConfig c = config;
        if (c == null || c.device().unmanaged()) {
            return Optional.empty();
        }
        DeviceIdentity published = c.device();
        DeviceIdentity written = registeredAs;
        if (!Provisioner.provisioned(published) && written != null && written.uuid().equals(published.uuid())
                && written.apiEndpoint().equals(published.apiEndpoint())) {
            return Optional.of(written);
        }
        return Optional.of(published);
    }

    /** The device, if it is managed and provisioned. */
    private Optional<DeviceIdentity> provisionedDevice() {
        return device().filter(Provisioner::provisioned);
    }

    private Optional<LogShipper.Destination> logDestination() {
        Optional<DeviceIdentity> provisioned = provisionedDevice();
        if (provisioned.isEmpty() || !DeviceVariables.flag(cloudVariables(provisioned.get()),
                DeviceVariables.LOG_CONTROL)) {
            return Optional.empty();
        }
        DeviceIdentity device = provisioned.get();
        return Optional.of(LogShipper.Destination.of(device.apiEndpoint().orElseThrow(), device.uuid(),
                device.deviceApiKey().orElseThrow()));
    }

    /** The device configuration variables of the cloud's target, as stored (empty before the first target). */
    private Map<String, String> cloudVariables(DeviceIdentity device) {
        TargetIntake i = intake;
        if (i == null || device.apiEndpoint().isEmpty()) {
            return Map.of();
        }
        return i.stored(device.apiEndpoint().get()).map(TargetState::config).orElse(Map.of());
    }

    private Map<String, String> cloudVariables() {
        return device().map(this::cloudVariables).orElse(Map.of());
    }

    private static Duration requestTimeout(Map<String, String> variables) {
        return Duration.ofMillis(DeviceVariables.number(variables, DeviceVariables.REQUEST_TIMEOUT));
    }

    private static Duration pollIntervalOnly(Map<String, String> variables) {
        return Duration.ofMillis(DeviceVariables.number(variables, DeviceVariables.POLL_INTERVAL));
    }

    /** The interval and balena's jitter, at most a tenth of the interval so that short intervals stay short. */
    private Duration pollInterval(Map<String, String> variables) {
        Duration interval = pollIntervalOnly(variables);
        long jitter = Math.min(settings.pollJitterMillis(), interval.toMillis() / 10);
        return interval.plusMillis(jitter <= 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter));
    }

    /** balena's error backoff: {@code min(max, base·2^(failures-1))}. */
    static Duration backoff(Duration base, int failures, Duration max) {
        return Backoffs.capped(base, failures - 1, max);
    }
}
