package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.github.dockerjava.transport.DockerHttpClient;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.NetworkView;
import io.bosun.spi.engine.VolumeView;
import java.io.IOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's picture of the engine, kept current by the engine's event stream instead of polling, so a
 * status query reads one immutable snapshot and costs the same for 2 services or 200. One actor thread owns
 * the maps (as in Felix SCR, one thread makes every state change); an event thread feeds it. When the stream
 * breaks (the engine restarted or went away) the view says it is out of step, reconnects with backoff and
 * re-reads everything.
 */
final class EngineView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineView.class);
    private static final Set<String> CONTAINER_ACTIONS = Set.of("create", "start", "die", "stop", "kill", "pause",
            "unpause", "rename", "update", "destroy", "restart");
    private static final Set<String> IMAGE_READS = Set.of("save", "export");
    private static final Set<String> VOLUME_USES = Set.of("mount", "unmount");
    private static final int INSPECTORS = 4;
    private static final String EVENT_FILTER = EngineHttp.query(
            "{\"type\":[\"container\",\"image\",\"volume\",\"network\"]}");

    private final EngineHttp http;
    private final Consumer<CurrentState> onChange;
    private final ExecutorService actor = Executors.newSingleThreadExecutor(r -> thread(r, "bosun-engine-view"));
    /**
     * Where the events' container inspections run, beside each other and off the actor: on the actor, the burst of
     * events of an apply (create, connect, start of every container) queued each caller's own refresh behind a
     * line of engine calls, one at a time. Threads end when idle.
     */
    private final ThreadPoolExecutor inspector = new ThreadPoolExecutor(INSPECTORS, INSPECTORS, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> thread(r, "bosun-engine-inspect"));
    /** Containers with an event not yet inspected: more events for one of them before then need no more calls. */
    private final Set<String> toInspect = ConcurrentHashMap.newKeySet();
    private final Thread events;
    private final Map<String, ContainerView> containers = new HashMap<>();
    private final Map<String, ImageView> images = new HashMap<>();
    private final Map<String, VolumeView> volumes = new HashMap<>();
    private final Map<String, NetworkView> networks = new HashMap<>();
    /** The order of the inspections taken in (the actor's, like the maps). */
    private final ReadOrder readOrder = new ReadOrder();
    private final AtomicLong reads = new AtomicLong();
    /** The objects already warned about as unreadable, so that each is warned about once (bounded). */
    private final Set<String> malformed = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ReadOrder.REMOVED_KEPT;
        }
    });
    /** How many times everything was re-read; written by the actor only. */
    private volatile long resyncs;
    private volatile CurrentState snapshot = CurrentState.EMPTY;
    private volatile DockerHttpClient.Response stream;
    private volatile boolean closed;

    EngineView(EngineHttp http, Consumer<CurrentState> onChange) {
        inspector.allowCoreThreadTimeOut(true);
        this.http = http;
        this.onChange = onChange;
        this.events = thread(this::follow, "bosun-engine-events");
        events.start();
    }

    CurrentState current() {
        return snapshot;
    }

    /**
     * Re-reads one container now (after the supervisor changed it), so its caller sees its own change. The
     * inspection runs on the caller's thread, so that callers acting on many containers at once do not queue
     * behind each other; only taking the result in is the actor's.
     */
    void refreshContainer(String id) throws EngineException {
        long resync = resyncs;
        // This inspection begins after every event already seen for the container: one queued for them is not
        // needed any more.
        toInspect.remove(id);
        long read = reads.incrementAndGet();
        Optional<JsonNode> inspect = inspect(id);
        await(actor.submit(() -> {
            // A re-read of everything since began is newer than this answer (and forgot the numbering).
            if (resync == resyncs) {
                takeIn(id, read, inspect);
                publish();
            }
            return null;
        }));
    }

    /** Re-reads the images now, after the supervisor pulled or removed one. */
    void refreshImages() throws EngineException {
        refresh(this::readImages);
    }

    /** Re-reads the volumes now, after the supervisor made or removed one. */
    void refreshVolumes() throws EngineException {
        refresh(this::readVolumes);
    }

    /** Re-reads the networks now, after the supervisor made or removed one. */
    void refreshNetworks() throws EngineException {
        refresh(this::readNetworks);
    }

    private interface Read {
        void run() throws EngineException;
    }

    private void refresh(Read read) throws EngineException {
        await(actor.submit(() -> {
            read.run();
            publish();
            return null;
        }));
    }

    private void follow() {
        long backoffMillis = 250;
        while (!closed) {
            try {
                http.negotiate();
                stream = http.open("GET", "/events?filters=" + EVENT_FILTER, Map.of(), Kind.OTHER);
                // Subscribed first, then read everything: no change can fall between the two.
                await(actor.submit(() -> {
                    resync();
                    return null;
                }));
                backoffMillis = 250;
                try (MappingIterator<JsonNode> lines = EngineHttp.JSON.readerFor(JsonNode.class)
                        .readValues(stream.getBody())) {
                    while (lines.hasNext()) {
                        JsonNode event = lines.next();
                        actor.execute(() -> apply(event));
                    }
                }
                if (!closed) {
                    LOG.warn("The engine's event stream ended; reconnecting");
                }
            } catch (EngineException | IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("Lost the engine ({}); retrying in {} ms", EngineHttp.rootMessage(e), backoffMillis);
                }
            } finally {
                closeStream();
            }
            if (!closed) {
                actor.execute(this::markUnsynced);
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    private void resync() throws EngineException {
        resyncs++;
        containers.clear();
        readOrder.clear();
        for (JsonNode summary : http.get("/containers/json?all=1")) {
            if (ContainerReader.supervised(Json.stringMap(summary.path("Labels")))) {
                readContainer(summary.path("Id").asText());
            }
        }
        readResources();
        snapshot = state(true);
        LOG.info("In step with the engine: {} supervised containers, {} images", containers.size(), images.size());
        onChange.accept(snapshot);
    }

    private void apply(JsonNode event) {
        try {
            String type = event.path("Type").asText();
            String action = event.path("Action").asText().split(":")[0];
            JsonNode subject = event.path("Actor");
            switch (type) {
                case "container" -> {
                    if (!CONTAINER_ACTIONS.contains(action)
                            || !ContainerReader.supervised(Json.stringMap(subject.path("Attributes")))) {
                        return;
                    }
                    if (action.equals("destroy")) {
                        takeIn(subject.path("ID").asText(), reads.incrementAndGet(), Optional.empty());
                    } else {
                        inspectSoon(subject.path("ID").asText());
                        return;
                    }
                }
                case "network" -> {
                    // Connect and disconnect (on every container start) change a container, not the network.
                    String container = subject.path("Attributes").path("container").asText();
                    if (container.isEmpty()) {
                        readNetworks();
                    } else if (containers.containsKey(container)) {
                        inspectSoon(container);
                        return;
                    }
                }
                case "image" -> {
                    // A save or an export (the updater reading a carrier) changes no image.
                    if (IMAGE_READS.contains(action)) {
                        return;
                    }
                    readImages();
                }
                case "volume" -> {
                    // A container's start or stop mounts or unmounts its volumes: no volume came or went. Listing
                    // them then would take the engine's volume lock once per start, in line with the starts.
                    if (VOLUME_USES.contains(action)) {
                        return;
                    }
                    readVolumes();
                }
                default -> {
                    return;
                }
            }
            publish();
        } catch (EngineException | RuntimeException e) {
            LOG.debug("Could not follow an engine event: {}", e.toString());
        }
    }

    /**
     * Inspects a container an event named, on the inspector's threads, and takes the answer in on the actor. Numbered
     * when it begins, so an answer older than one already taken in is dropped ({@link #takeIn}).
     */
    private void inspectSoon(String id) {
        if (!toInspect.add(id)) {
            return;
        }
        long resync = resyncs;
        inspector.execute(() -> {
            if (!toInspect.remove(id)) {
                // A caller's refresh began since the event, and covers it.
                return;
            }
            long read = reads.incrementAndGet();
            Optional<JsonNode> inspect;
            try {
                inspect = inspect(id);
            } catch (EngineException | RuntimeException e) {
                LOG.debug("Could not inspect container {} after an event: {}", id, e.toString());
                return;
            }
            try {
                actor.execute(() -> {
                    // A re-read of everything since began is newer than this answer (and forgot the numbering).
                    if (resync == resyncs) {
                        takeIn(id, read, inspect);
                        publish();
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("The view closed while container {} was inspected", id);
            }
        });
    }

    private void readContainer(String id) throws EngineException {
        long read = reads.incrementAndGet();
        takeIn(id, read, inspect(id));
    }

    private Optional<JsonNode> inspect(String id) throws EngineException {
        try {
            return Optional.of(http.get("/containers/" + id + "/json"));
        } catch (EngineException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /**
     * Takes in a container's inspection, numbered when it began: one that began before the last taken in for
     * that container is older news (a caller's read overtaken by an event's) and is dropped.
     */
    private void takeIn(String id, long read, Optional<JsonNode> inspect) {
        Optional<ContainerView> view = inspect.flatMap(i -> readable("container " + id,
                () -> ContainerReader.read(i, this::serviceOfKnown)));
        if (!readOrder.admit(id, read, view.isPresent())) {
            return;
        }
        view.ifPresentOrElse(v -> containers.put(v.id(), v), () -> containers.remove(id));
    }

    /**
     * An engine object read into the view, or none when it cannot be read (a label that should be a number is
     * not, a name out of range): such an object was not made by Bosun, and one of them must not keep the view,
     * and with it every apply, from being in step with the engine. It is warned about once.
     */
    private <T> Optional<T> readable(String what, Supplier<Optional<T>> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            if (malformed.add(what)) {
                LOG.warn("Skipping {}: it looks like the supervisor's but cannot be read ({})", what, e.toString());
            }
            return Optional.empty();
        }
    }

    private Optional<String> serviceOfKnown(String containerId) {
        return containers.values().stream().filter(c -> c.id().startsWith(containerId))
                .map(c -> c.identity().serviceName()).findFirst();
    }

    private void readResources() throws EngineException {
        readImages();
        readVolumes();
        readNetworks();
    }

    private void readImages() throws EngineException {
        images.clear();
        for (JsonNode image : http.get("/images/json")) {
            readable("image " + image.path("Id").asText(), () -> Optional.of(ResourceReader.image(image)))
                    .ifPresent(view -> images.put(view.id(), view));
        }
    }

    private void readVolumes() throws EngineException {
        volumes.clear();
        for (JsonNode volume : http.get("/volumes").path("Volumes")) {
            readable("volume " + volume.path("Name").asText(), () -> ResourceReader.volume(volume))
                    .ifPresent(v -> volumes.put(v.engineName(), v));
        }
    }

    private void readNetworks() throws EngineException {
        networks.clear();
        for (JsonNode network : http.get("/networks")) {
            readable("network " + network.path("Name").asText(), () -> ResourceReader.network(network))
                    .ifPresent(n -> networks.put(n.id(), n));
        }
    }

    private void markUnsynced() {
        if (snapshot.synced()) {
            snapshot = state(false);
            onChange.accept(snapshot);
        }
    }

    private void publish() {
        CurrentState next = state(snapshot.synced());
        if (!next.equals(snapshot)) {
            snapshot = next;
            onChange.accept(next);
        }
    }

    private CurrentState state(boolean synced) {
        return new CurrentState(
                containers.values().stream().sorted(Comparator.comparing(ContainerView::name)).toList(),
                images.values().stream().sorted(Comparator.comparing(ImageView::id)).toList(),
                volumes.values().stream().sorted(Comparator.comparing(VolumeView::engineName)).toList(),
                networks.values().stream().sorted(Comparator.comparing(NetworkView::engineName)
                        .thenComparing(NetworkView::id)).toList(),
                synced);
    }

    private static void await(Future<?> task) throws EngineException {
        try {
            task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException engine) {
                throw engine;
            }
            throw new EngineException(Kind.OTHER, EngineHttp.rootMessage(e), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(Kind.OTHER, "interrupted while reading the engine", e);
        }
    }

    private void closeStream() {
        DockerHttpClient.Response open = stream;
        stream = null;
        if (open != null) {
            open.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        closed = true;
        closeStream();
        events.interrupt();
        inspector.shutdownNow();
        actor.shutdownNow();
    }
}
