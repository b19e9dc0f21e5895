package io.bosun.updater;

import io.bosun.spi.bundles.BundleInfo;
import io.bosun.spi.bundles.BundleUpdates;
import io.bosun.spi.bundles.CarrierStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the running set. Every change (an upload, a removal, a rollback, a carrier's bundles) is a
 * command on one thread: checked, staged, installed, held to the health gate, then committed or rolled back, and
 * the stage on disk written before and after, so that a crash at any point starts on a whole set.
 */
final class Updater implements BundleUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(Updater.class);
    private static final Set<String> NEVER_LIVE = Set.of("io.bosun.updater", "system.bundle",
            "org.apache.felix.framework");

    private final BundleContext context;
    private final UpdaterSettings settings;
    private final StageFile file;
    private final JarStore jars;
    private final SetInstaller installer;
    private final HealthGate gate;
    private final Consumer<String> systemLog;
    private final ExecutorService actor = Executors.newSingleThreadExecutor(r -> new Thread(r, "bosun-updater"));
    private final Map<String, CarrierStatus> carriers = new ConcurrentHashMap<>();
    private volatile Stage stage = Stage.FIRST;
    private volatile UpdateStatus status = UpdateStatus.IDLE;
    private final LastChangeFile lastChange;
    private volatile boolean stopping;
    private volatile Runnable afterStart;

    Updater(BundleContext context, UpdaterSettings settings, Consumer<String> systemLog) {
        this.context = context;
        this.settings = settings;
        this.file = new StageFile(settings.stageFolder().resolve("stage"));
        this.jars = new JarStore(settings.stageFolder().resolve("jars"));
        this.installer = new SetInstaller(context, jars);
        this.gate = new HealthGate(context, System::currentTimeMillis);
        this.systemLog = systemLog;
        this.lastChange = new LastChangeFile(settings.stageFolder().resolve("last-change"));
        this.status = lastChange.read().orElse(UpdateStatus.IDLE);
    }

    /** The state of the change under way, or its outcome, which is kept on disk. */
    private void report(UpdateStatus now) {
        status = now;
        if (now.state().equals("committed") || now.state().equals("rolled back")) {
            try {
                lastChange.write(now);
            } catch (IOException e) {
                LOG.warn("Cannot keep the outcome of the last change: {}", e.toString());
            }
        }
    }

    /** What the last change did, for {@code GET /v2/bundles}. */
    record UpdateStatus(String state, String cause, String reason, Optional<Instant> at) {
        static final UpdateStatus IDLE = new UpdateStatus("idle", "", "", Optional.empty());
    }

    // --- start

    /**
     * Decides what starts, from the stage alone, and installs it before the supervisor's components start: a set
     * whose gate was running when the process ended is set aside; a good set that cannot be installed (a jar
     * missing or damaged) is given up for the shipped one.
     */
    void boot(boolean frameworkStarting) {
        Stage read;
        try {
            read = file.read();
        } catch (IOException | RuntimeException e) {
            LOG.error("The bundle stage {} cannot be read ({}); starting the shipped set", file.path(), e.toString());
            systemLog.accept("Bundle stage unreadable, starting the shipped bundles: " + e.getMessage());
            stage = Stage.FIRST;
            return;
        }
        Optional<Stage.Trial> cutShort = read.trying();
        stage = read;
        if (cutShort.isPresent() && !frameworkStarting) {
            // Only this bundle restarted: refreshed by its own trial (a new spi or library it is wired to). The
            // trial's bundles are installed in this very process: its gate goes on here.
            actor.execute(() -> resume(cutShort.get()));
            return;
        }
        if (cutShort.isPresent()) {
            String reason = "the process ended during the health gate of " + cutShort.get().set();
            stage = read.rolledBack(reason, "boot");
            persist();
            report(new UpdateStatus("rolled back", cutShort.get().cause(), reason, Optional.of(Instant.now())));
            systemLog.accept("Bundle update rolled back: " + reason);
        }
        if (frameworkStarting) {
            dropOwnBuildsOfAnotherJar();
        }
        // At the framework's start the launcher installed the shipped set; when only this bundle restarts (a live
        // update of it), the framework runs the good set already, or the trial its old revision was stopped in.
        BundleSet installed = frameworkStarting ? BundleSet.SHIPPED
                : cutShort.map(Stage.Trial::set).orElse(stage.good());
        if (installed.sameJars(stage.good())) {
            return;
        }
        // Builds of bundles already wired (the spi, libraries, the config bundle: below this bundle's start level)
        // need a refresh of their dependents, this bundle among them, which cannot run inside its own start: they
        // go in once the framework has started (every component then restarts once).
        BundleSet wired = frameworkStarting ? installer.wiredEntries(stage.good()) : BundleSet.SHIPPED;
        BundleSet now = stage.good().without(e -> wired.entry(e.symbolicName()).isPresent());
        try {
            if (!stage.good().digests().stream().allMatch(jars::has)) {
                throw new IOException("a staged jar of " + stage.good() + " is missing");
            }
            installer.apply(installed, now);
            Optional<String> unresolved = installer.unresolved(installer.bundlesOf(now));
            if (unresolved.isPresent()) {
                throw new BundleException(unresolved.get());
            }
            LOG.info("Started {}", now);
            if (!wired.bySymbolicName().isEmpty()) {
                afterStart = () -> applyWired(now);
            }
        } catch (IOException | BundleException | RuntimeException e) {
            LOG.error("Cannot start {} ({}); back to the shipped set", stage.good(), e.toString());
            systemLog.accept("Bundle set cannot start, back to the shipped bundles: " + e.getMessage());
            try {
                // Every name either set touches goes back to its shipped jar, or away.
                installer.apply(installed.with(stage.good().entries()), BundleSet.SHIPPED);
            } catch (IOException | BundleException | RuntimeException again) {
                LOG.error("Cannot go back to the shipped set: {}", again.toString());
            }
            String reason = "the committed set cannot start: " + e.getMessage();
            stage = stage.givenUp(reason);
            persist();
            report(new UpdateStatus("rolled back", "start", reason, Optional.of(Instant.now())));
        }
    }

    void open() {
        gate.open();
    }

    /** Once the framework has started: the builds of wired bundles the start left out, if any. */
    void frameworkStarted() {
        Runnable pending = afterStart;
        afterStart = null;
        if (pending != null) {
            actor.execute(pending);
        }
    }

    /**
     * Installs the committed builds of wired bundles, with the refresh they need; the refresh restarts this bundle,
     * whose next revision finds the good set installed.
     */
    private void applyWired(BundleSet installedSoFar) {
        try {
            LOG.info("Installing the committed {} now that the framework has started", stage.good());
            installer.apply(installedSoFar, stage.good());
        } catch (IOException | BundleException | RuntimeException e) {
            if (stopping) {
                return;
            }
            String reason = "the committed set cannot start: " + e.getMessage();
            LOG.error("Cannot install {} ({}); back to the shipped set", stage.good(), e.toString());
            systemLog.accept("Bundle set cannot start, back to the shipped bundles: " + e.getMessage());
            stage = stage.givenUp(reason);
            persist();
            report(new UpdateStatus("rolled back", "start", reason, Optional.of(Instant.now())));
        }
    }

    /**
     * The jar the launcher installed is not the one of the last start (a new {@code bosun.jar}): the committed
     * builds of its own bundles were made against the old one's contracts and are dropped; vendor bundles stay.
     */
    private void dropOwnBuildsOfAnotherJar() {
        Path marker = settings.stageFolder().resolve("shipped");
        ShippedSet shipped = ShippedSet.of(context);
        try {
            if (shipped.fingerprint().equals(ShippedSet.read(marker))) {
                return;
            }
            String dropped = shipped.ownBuilds(stage.good());
            if (!dropped.isEmpty()) {
                stage = new Stage(shipped.withoutOwnBuilds(stage.good()), shipped.withoutOwnBuilds(stage.previous()),
                        Optional.empty(), stage.rejected());
                persistOrThrow();
                LOG.info("A new jar ships its own builds: dropped the committed {}", dropped);
                systemLog.accept("Bosun's jar changed: its own bundles run as shipped (dropped " + dropped + ")");
            }
            shipped.write(marker);
        } catch (IOException e) {
            LOG.error("Cannot compare the shipped bundles with the last start's: {}", e.toString());
        }
    }

    void stop() {
        stopping = true;
        actor.shutdownNow();
        try {
            actor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gate.close();
    }

    // --- commands

    /** What a command answers at once: accepted (the gate goes on), nothing to do, or refused. */
    record Answer(int status, String message) {
        static Answer accepted(String message) {
            return new Answer(202, message);
        }

        static Answer unchanged(String message) {
            return new Answer(200, message);
        }

        static Answer refused(String message) {
            return new Answer(400, message);
        }
    }

    /** Uploaded jars: checked in full, then tried as one set. An upload tries again digests that failed before. */
    CompletableFuture<Answer> upload(List<CandidateJar> candidates) {
        return command(() -> {
            check(candidates);
            BundleSet next = stage.good().with(entries(candidates, SetEntry.UPLOAD));
            if (next.sameJars(stage.good())) {
                return Answer.unchanged("already installed: " + names(candidates));
            }
            stage = stage.accepting(next.digests());
            List<SetEntry> entries = entries(candidates, SetEntry.UPLOAD);
            return tryLater(good -> good.with(entries), "upload of " + names(candidates), candidates);
        });
    }

    /** Removes a vendor bundle (one the shipped set has not). */
    CompletableFuture<Answer> remove(String symbolicName) {
        return command(() -> {
            Optional<Bundle> installed = installer.find(symbolicName);
            if (installed.isEmpty()) {
                throw new BadBundleException("no bundle " + symbolicName + " is installed");
            }
            if (!installed.get().getLocation().startsWith(SetInstaller.LOCATION)) {
                throw new BadBundleException(symbolicName + " is shipped with Bosun: it cannot be removed (roll back"
                        + " instead)");
            }
            return tryLater(good -> good.without(e -> e.symbolicName().equals(symbolicName)),
                    "removal of " + symbolicName, List.of());
        });
    }

    /** Back to the set before the last commit. */
    CompletableFuture<Answer> rollback() {
        return command(() -> {
            if (stage.previous().sameJars(stage.good())) {
                return Answer.unchanged("nothing to roll back to: " + stage.good() + " runs");
            }
            return tryLater(good -> stage.previous(), "rollback to " + stage.previous(), List.of());
        });
    }

    /**
     * The carriers of the running target changed: their bundles replace those of earlier carriers (none: back
     * to the shipped builds). Digests that failed for the same release are not tried again.
     */
    void carriersChanged(CarrierScan scan) {
        actor.execute(() -> {
            carriers.keySet().retainAll(scan.images());
            BundleSet next = stage.good().without(SetEntry::fromCarrier).with(scan.entries());
            if (next.sameJars(stage.good())) {
                scan.images().forEach(i -> carriers.put(i, new CarrierStatus(CarrierStatus.Phase.INSTALLED, "")));
                return;
            }
            for (String digest : next.digests()) {
                Stage.Rejection rejected = stage.rejected().get(digest);
                if (rejected != null && rejected.release().equals(scan.release())) {
                    scan.images().forEach(i -> carriers.put(i, new CarrierStatus(CarrierStatus.Phase.ROLLED_BACK,
                            rejected.reason())));
                    return;
                }
            }
            try {
                check(scan.jars());
            } catch (BadBundleException | BundleException e) {
                scan.images().forEach(i -> carriers.put(i, new CarrierStatus(CarrierStatus.Phase.REFUSED,
                        e.getMessage())));
                systemLog.accept("Bundle carrier refused: " + e.getMessage());
                return;
            }
            scan.images().forEach(i -> carriers.put(i, new CarrierStatus(CarrierStatus.Phase.INSTALLING, "")));
            String cause = scan.images().isEmpty() ? "removal of the carriers" : "carrier " + scan.images();
            Optional<String> fault = trial(next, cause, scan.release(), scan.jars());
            CarrierStatus outcome = fault.map(f -> new CarrierStatus(CarrierStatus.Phase.ROLLED_BACK, f))
                    .orElse(new CarrierStatus(CarrierStatus.Phase.INSTALLED, ""));
            scan.images().forEach(i -> carriers.put(i, outcome));
        });
    }

    /** A carrier whose jars cannot be read as bundles: nothing changes, and its state says why. */
    void carrierRefused(String image, String reason) {
        carriers.put(image, new CarrierStatus(CarrierStatus.Phase.REFUSED, reason));
        systemLog.accept("Bundle carrier refused: " + reason);
    }

    /** A command that is checked at once and whose trial, if any, runs after the answer. */
    private interface Command {
        Answer run() throws BadBundleException, BundleException, IOException;
    }

    private CompletableFuture<Answer> command(Command command) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        actor.execute(() -> {
            try {
                answer.complete(command.run());
            } catch (BadBundleException e) {
                answer.complete(Answer.refused(e.getMessage()));
            } catch (BundleException | IOException | RuntimeException e) {
                LOG.error("A bundle command failed", e);
                answer.complete(new Answer(500, String.valueOf(e.getMessage())));
            }
        });
        return answer;
    }

    /**
     * The change is applied to the good set when its trial runs, not when it was asked for: commands queued
     * meanwhile (two uploads in a row) each build on the one before.
     */
    private Answer tryLater(UnaryOperator<BundleSet> change, String cause, List<CandidateJar> toStage) {
        actor.execute(() -> {
            BundleSet next = change.apply(stage.good());
            if (!next.sameJars(stage.good())) {
                trial(next, cause, "upload", toStage);
            } else {
                report(new UpdateStatus("committed", cause, "nothing to change", Optional.of(Instant.now())));
            }
        });
        report(new UpdateStatus("queued", cause, "", Optional.of(Instant.now())));
        return Answer.accepted("accepted: " + cause + "; GET /v2/bundles shows the outcome");
    }

    /** Everything a set is checked for before any of it is staged. */
    private void check(List<CandidateJar> candidates) throws BadBundleException, BundleException {
        Set<String> names = new HashSet<>();
        for (CandidateJar jar : candidates) {
            if (NEVER_LIVE.contains(jar.symbolicName())) {
                throw new BadBundleException(jar + " cannot be updated live: it needs a process restart"
                        + " (docs/updater.md)");
            }
            if (!names.add(jar.symbolicName())) {
                throw new BadBundleException("two jars of " + jar.symbolicName() + " were given");
            }
            settings.trust().check(jar);
        }
        Optional<String> unresolvable = installer.unresolvable(candidates.stream()
                .filter(c -> !stage.good().digests().contains(c.digest())).toList());
        if (unresolvable.isPresent()) {
            throw new BadBundleException(unresolvable.get());
        }
    }

    /** The gate of a trial the updater's previous revision began, and its commit or rollback. */
    private void resume(Stage.Trial trial) {
        BundleSet good = stage.good();
        report(new UpdateStatus("trying", trial.cause(), "", Optional.of(Instant.now())));
        LOG.info("Resuming the trial of {} ({}) after this bundle was refreshed", trial.set(), trial.cause());
        try {
            decide(trial.set(), good, trial.cause(), "upload", gate.await(installer.bundlesOf(trial.set()), Map.of(),
                    Set.of(), settings.gate(), settings.settle()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stage, install, gate; commit or go back. Empty when committed, else the reason it was rolled back. */
    private Optional<String> trial(BundleSet next, String cause, String release, List<CandidateJar> toStage) {
        BundleSet good = stage.good();
        report(new UpdateStatus("trying", cause, "", Optional.of(Instant.now())));
        LOG.info("Trying {} ({})", next, cause);
        Optional<String> fault;
        try {
            for (CandidateJar jar : toStage) {
                jars.put(jar);
            }
            stage = stage.trying(next, cause);
            persistOrThrow();
            Set<String> forgiven = gate.unhealthyNow();
            SetInstaller.Applied applied = installer.apply(good, next);
            List<Bundle> touched = new ArrayList<>(applied.touched());
            fault = gate.await(touched, applied.startFailures(), forgiven, settings.gate(), settings.settle());
        } catch (IOException | BundleException | RuntimeException e) {
            fault = Optional.of(cause + " could not be installed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("the updater stopped");
        }
        return decide(next, good, cause, release, fault);
    }

    /**
     * Commits the set or reinstalls the good one. Not when this revision of the updater is stopping (the trial
     * refreshed it): the stage still says {@code trying}, and the next revision decides.
     */
    private Optional<String> decide(BundleSet next, BundleSet good, String cause, String release,
            Optional<String> fault) {
        if (stopping) {
            return Optional.of("the updater stopped");
        }
        if (fault.isEmpty()) {
            stage = stage.committed(next);
            persist();
            forgetUnusedJars();
            report(new UpdateStatus("committed", cause, "", Optional.of(Instant.now())));
            LOG.info("Committed {}", next);
            systemLog.accept("Bundles updated: " + next);
            return Optional.empty();
        }
        // The stage names the good set before it is reinstalled: a reinstall that refreshes this bundle (an spi put
        // back) or a crash meanwhile ends on the good set all the same.
        stage = stage.rolledBack(fault.get(), release);
        persist();
        try {
            installer.apply(next, good);
        } catch (IOException | BundleException | RuntimeException e) {
            LOG.error("Cannot reinstall {} after a failed update (the next start does): {}", good, e.toString());
        }
        report(new UpdateStatus("rolled back", cause, fault.get(), Optional.of(Instant.now())));
        LOG.warn("Rolled back to {}: {}", good, fault.get());
        systemLog.accept("Bundle update rolled back: " + fault.get());
        return fault;
    }

    private void forgetUnusedJars() {
        Set<String> kept = new HashSet<>(stage.good().digests());
        kept.addAll(stage.previous().digests());
        try {
            jars.keepOnly(kept);
        } catch (IOException e) {
            LOG.warn("Cannot delete unused staged jars: {}", e.toString());
        }
    }

    private void persist() {
        try {
            persistOrThrow();
        } catch (IOException e) {
            LOG.error("Cannot write the bundle stage {}: {}", file.path(), e.toString());
        }
    }

    private void persistOrThrow() throws IOException {
        file.write(stage);
    }

    private static List<SetEntry> entries(List<CandidateJar> jars, String origin) {
        long now = System.currentTimeMillis();
        return jars.stream().map(j -> j.entry(origin, now)).toList();
    }

    private static String names(List<CandidateJar> jars) {
        return String.join(", ", jars.stream().map(CandidateJar::toString).toList());
    }


    // --- what others see

    UpdateStatus status() {
        return status;
    }

    boolean signedOnly() {
        return settings.trust().required();
    }

    @Override
    public List<BundleInfo> bundles() {
        // Under trial the installed bundles are the trial's: say where they came from.
        Map<String, SetEntry> entries = new LinkedHashMap<>(stage.trying().map(Stage.Trial::set)
                .orElse(stage.good()).bySymbolicName());
        List<BundleInfo> all = new ArrayList<>();
        for (Bundle b : Arrays.stream(context.getBundles()).filter(b -> b.getBundleId() != 0
                && !b.getLocation().startsWith(SetInstaller.PROBE)).toList()) {
            Optional<SetEntry> entry = Optional.ofNullable(entries.get(b.getSymbolicName()));
            all.add(new BundleInfo(b.getSymbolicName(), b.getVersion().toString(), entry.map(SetEntry::digest),
                    entry.map(SetEntry::origin).orElse("shipped"), stateName(b.getState()),
                    entry.map(e -> Instant.ofEpochMilli(e.installedAt()))));
        }
        all.sort((a, b) -> a.symbolicName().compareTo(b.symbolicName()));
        return all;
    }

    @Override
    public Optional<CarrierStatus> carrier(String image) {
        return Optional.ofNullable(carriers.get(image));
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "uninstalled";
        };
    }
}
