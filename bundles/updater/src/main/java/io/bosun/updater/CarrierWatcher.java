package io.bosun.updater;

import io.bosun.spi.bundles.BundleUpdates;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineListener;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.intake.SelectionListener;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.intake.TargetSelection;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetService;
import io.bosun.support.balena.Truthy;
import io.bosun.support.balena.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the carrier services of the running target ({@value BundleUpdates#CARRIER_LABEL}{@code =1}) once their
 * images are on the device, reads their jars through the engine (never running them) and hands the updater the
 * result. Looks again when the engine's state changes (an image arrived) or the target does (the reconciler's
 * selection), and once more {@value #RETRY_SECONDS} s after a look that could not finish (a read failed, a service
 * was away); does nothing when neither the target nor the carrier images changed. There is no standing tick: an idle
 * device should not wake up to look.
 */
final class CarrierWatcher implements EngineListener, SelectionListener {
    static final long RETRY_SECONDS = 30;
    static final long MAX_CARRIER_BYTES = 64L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(CarrierWatcher.class);

    private final Supplier<TargetIntake> intake;
    private final Supplier<ContainerEngine> engine;
    private final Updater updater;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean retrying = new AtomicBoolean();
    private final Map<String, List<CandidateJar>> jarsByImageId = new LinkedHashMap<>();
    private String lastKey = "";

    CarrierWatcher(Supplier<TargetIntake> intake, Supplier<ContainerEngine> engine, Updater updater,
            ScheduledExecutorService thread) {
        this.intake = intake;
        this.engine = engine;
        this.updater = updater;
        this.thread = thread;
    }

    void start() {
        thread.schedule(this::look, 1, TimeUnit.SECONDS);
    }

    private void retryLater() {
        if (retrying.compareAndSet(false, true)) {
            thread.schedule(() -> {
                retrying.set(false);
                look();
            }, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public void selected(TargetSelection selection) {
        changed(null);
    }

    @Override
    public void changed(CurrentState state) {
        if (pending.compareAndSet(false, true)) {
            thread.execute(this::look);
        }
    }

    /** One carrier of the target: its app's release and its image. */
    private record Carrier(String commit, String image) {
    }

    void look() {
        pending.set(false);
        try {
            TargetIntake in = intake.get();
            ContainerEngine out = engine.get();
            if (in == null || out == null) {
                retryLater();
                return;
            }
            TargetSelection selection = in.selection();
            if (!selection.known()) {
                retryLater();
                return;
            }
            List<Carrier> carriers = carriers(selection);
            List<ImageView> images = out.currentState().images();
            Map<String, ImageView> present = new LinkedHashMap<>();
            for (Carrier c : carriers) {
                Optional<ImageView> image = imageOf(c.image(), images);
                if (image.isEmpty()) {
                    return; // still downloading: the bundles of the earlier carriers stay until it is here
                }
                present.put(c.image(), image.get());
            }
            String key = present.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().id())
                    .sorted().toList() + " " + new TreeSet<>(carriers.stream().map(Carrier::commit).toList());
            if (key.equals(lastKey)) {
                return;
            }
            lastKey = key;
            Map<String, List<CandidateJar>> jars = new LinkedHashMap<>();
            for (var entry : present.entrySet()) {
                try {
                    jars.put(entry.getKey(), jarsOf(out, entry.getKey(), entry.getValue().id()));
                } catch (BadBundleException e) {
                    LOG.warn("A bundle carrier is refused: {}", e.getMessage());
                    updater.carrierRefused(entry.getKey(), e.getMessage());
                    return;
                }
            }
            jarsByImageId.keySet().retainAll(present.values().stream().map(ImageView::id).toList());
            String release = String.join(",", new TreeSet<>(carriers.stream().map(Carrier::commit).toList()));
            updater.carriersChanged(new CarrierScan(jars, release, System.currentTimeMillis()));
        } catch (EngineException | RuntimeException e) {
            lastKey = "";
            LOG.warn("Cannot read the bundle carriers: {}", e.toString());
            retryLater();
        }
    }

    private List<CandidateJar> jarsOf(ContainerEngine engine, String image, String imageId)
            throws EngineException, BadBundleException {
        List<CandidateJar> known = jarsByImageId.get(imageId);
        if (known != null) {
            return known;
        }
        Map<String, byte[]> files = engine.readFiles(image, BundleUpdates.CARRIER_FOLDER, MAX_CARRIER_BYTES);
        byte[] json = files.get(ExpectedJars.FILE);
        ExpectedJars expected = json == null ? ExpectedJars.NONE : ExpectedJars.parse(json);
        List<CandidateJar> jars = new ArrayList<>();
        for (var file : new java.util.TreeMap<>(files).entrySet()) {
            if (file.getKey().endsWith(".jar") && !file.getKey().contains("/")) {
                jars.add(expected.read(image + ":" + BundleUpdates.CARRIER_FOLDER + "/" + file.getKey(),
                        file.getValue(), Optional.empty()));
            }
        }
        if (jars.isEmpty()) {
            throw new BadBundleException(image + " is labelled " + BundleUpdates.CARRIER_LABEL + " but holds no "
                    + BundleUpdates.CARRIER_FOLDER + "/*.jar");
        }
        jarsByImageId.put(imageId, jars);
        return jars;
    }

    static List<Carrier> carriers(TargetSelection selection) {
        List<Carrier> carriers = new ArrayList<>();
        selection.target().ifPresent(t -> {
            for (TargetApp app : t.apps().values()) {
                app.release().ifPresent(r -> {
                    for (TargetService s : r.services().values()) {
                        if (isCarrier(s)) {
                            carriers.add(new Carrier(r.commit(), s.image()));
                        }
                    }
                });
            }
        });
        return carriers;
    }

    static boolean isCarrier(TargetService service) {
        return Optional.ofNullable(service.labels().get(BundleUpdates.CARRIER_LABEL)).map(Truthy::of).orElse(false);
    }

    private static Optional<ImageView> imageOf(String name, List<ImageView> images) {
        ImageReference reference = ImageReference.parse(name);
        return images.stream().filter(i -> Objects.equals(i.id(), name) || reference.names(i.tags(), i.digests()))
                .findFirst();
    }
}
