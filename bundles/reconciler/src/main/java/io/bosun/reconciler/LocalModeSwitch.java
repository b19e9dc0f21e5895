package io.bosun.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.NetworkView;
import io.bosun.spi.engine.VolumeView;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.store.Records;
import io.bosun.spi.store.ReleaseRecords;
import io.bosun.spi.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Carries out a switch into or out of local mode (spec §5.3), at the start of a run, so no apply races it.
 * Entering records what the engine holds; leaving removes what was created since (containers, networks and
 * volumes the supervisor made, and images nothing uses any more); the local target itself is forgotten by the loop
 * when it selects the cloud's. The mode the switch reached is stored last: a supervisor killed half-way does the
 * rest at its next run.
 */
final class LocalModeSwitch {
    /** The mode the last completed switch reached ({@code true} for local), a record of the reconciler's. */
    static final String REACHED = "local-mode";
    /** The engine snapshot taken on entering, with the time it was taken. */
    static final String SNAPSHOT = "engine-snapshot";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The engine objects a snapshot names: supervised containers, networks and volumes, and every image. */
    record Inventory(Set<String> containers, Set<String> images, Set<String> volumes, Set<String> networks,
            String takenAt) {
        Inventory {
            containers = Set.copyOf(containers);
            images = Set.copyOf(images);
            volumes = Set.copyOf(volumes);
            networks = Set.copyOf(networks);
        }

        static Inventory of(CurrentState state, Instant takenAt) {
            return new Inventory(ids(state.containers(), ContainerView::id), ids(state.images(), ImageView::id),
                    ids(state.volumes(), VolumeView::engineName), ids(state.networks(), NetworkView::id),
                    takenAt.toString());
        }

        private static <T> Set<String> ids(List<T> objects, Function<T, String> id) {
            Set<String> ids = new TreeSet<>();
            objects.forEach(o -> ids.add(id.apply(o)));
            return ids;
        }

        String json() {
            try {
                return JSON.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an inventory of strings is always JSON", e);
            }
        }

        static Inventory read(String json) throws StoreException {
            try {
                return JSON.readValue(json, Inventory.class);
            } catch (JsonProcessingException e) {
                throw new StoreException("the engine snapshot cannot be read: " + e.getOriginalMessage(), e);
            }
        }
    }

    private final ContainerEngine engine;
    private final Records records;
    private final ReleaseRecords releases;
    private final SystemLog log;
    private final Clock clock;

    LocalModeSwitch(ContainerEngine engine, Records records, ReleaseRecords releases, SystemLog log, Clock clock) {
        this.engine = engine;
        this.records = records;
        this.releases = releases;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Where a run starts from.
     *
     * @param local whether the device is in local mode (the run keeps images and volumes)
     * @param switched whether a switch was just made (the target to run may have changed with it)
     */
    record Outcome(boolean local, boolean switched) {
    }

    /** Brings the engine and the store to the mode asked for, if the last switch reached the other one. */
    Outcome settle(boolean local) throws StoreException, EngineException {
        boolean reached = records.get(REACHED).map(Boolean::parseBoolean).orElse(false);
        if (reached == local) {
            return new Outcome(local, false);
        }
        if (local) {
            enter();
        } else {
            leave();
        }
        records.put(REACHED, Boolean.toString(local));
        return new Outcome(local, true);
    }

    private void enter() throws StoreException, EngineException {
        records.put(SNAPSHOT, Inventory.of(syncedState(), clock.instant()).json());
        log.info("Entering local mode: what the engine holds now is kept when local mode ends");
    }

    private void leave() throws StoreException, EngineException {
        Optional<String> snapshot = records.get(SNAPSHOT);
        if (snapshot.isPresent()) {
            Inventory before = Inventory.read(snapshot.get());
            CurrentState now = syncedState();
            int removed = removeContainers(now, before) + removeNetworks(now, before) + removeVolumes(now, before)
                    + removeImages(now, before);
            log.info("Leaving local mode: removed " + removed + " engine objects created since " + before.takenAt());
        } else {
            log.info("Leaving local mode");
        }
        records.remove(SNAPSHOT);
    }

    /** The event-driven view, once it has read the engine: a snapshot of a half-read view would miss objects. */
    private CurrentState syncedState() throws EngineException {
        CurrentState state = engine.currentState();
        if (!state.synced()) {
            throw new EngineException(EngineException.Kind.ENGINE_DOWN, "the container engine is not reachable");
        }
        return state;
    }

    private int removeContainers(CurrentState now, Inventory before) throws EngineException {
        int removed = 0;
        for (ContainerView container : now.containers()) {
            if (!before.containers().contains(container.id())) {
                engine.remove(container.id());
                removed++;
            }
        }
        return removed;
    }

    /**
     * A network or volume something outside Bosun still uses (a container made by hand) is kept, as an image is:
     * leaving local mode must not stop at it, with the cloud's apps waiting behind.
     */
    private int removeNetworks(CurrentState now, Inventory before) throws EngineException {
        int removed = 0;
        for (NetworkView network : now.networks()) {
            if (!before.networks().contains(network.id())) {
                removed += keepIfRefused("network", network.engineName(),
                        () -> engine.removeNetwork(network.appUuid(), network.name()));
            }
        }
        return removed;
    }

    private int removeVolumes(CurrentState now, Inventory before) throws EngineException {
        int removed = 0;
        for (VolumeView volume : now.volumes()) {
            if (!before.volumes().contains(volume.engineName())) {
                removed += keepIfRefused("volume", volume.engineName(), () -> engine.removeVolume(volume.engineName()));
            }
        }
        return removed;
    }

    @FunctionalInterface
    private interface Removal {
        void run() throws EngineException;
    }

    /** 1 when removed; 0, with the reason logged, when the engine refused (an engine that is down is no refusal). */
    private int keepIfRefused(String what, String name, Removal removal) throws EngineException {
        try {
            removal.run();
            return 1;
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.ENGINE_DOWN) {
                throw e;
            }
            log.info("Keeping " + what + " '" + name + "' from local mode: " + e.getMessage());
            return 0;
        }
    }

    /**
     * Images are not labelled, so an image pulled or built in local mode is known only by being new. One a
     * container still uses (the engine refuses) is kept: unlike balena, nothing is forced off the device.
     */
    private int removeImages(CurrentState now, Inventory before) throws StoreException, EngineException {
        int removed = 0;
        List<ImageRecord> known = releases.images();
        for (ImageView image : now.images()) {
            if (before.images().contains(image.id())
                    || keepIfRefused("image", image.id(), () -> engine.removeImage(image.id())) == 0) {
                continue;
            }
            removed++;
            for (ImageRecord record : known) {
                if (record.dockerImageId().filter(image.id()::equals).isPresent()) {
                    releases.removeImages(record.name());
                }
            }
        }
        return removed;
    }
}
