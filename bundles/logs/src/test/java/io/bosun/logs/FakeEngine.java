package io.bosun.logs;

import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineInfo;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.NetworkView;
import io.bosun.spi.engine.PullListener;
import io.bosun.spi.engine.RegistryAuth;
import io.bosun.spi.engine.ServiceFacts;
import io.bosun.spi.engine.ServiceContext;
import io.bosun.spi.engine.ServiceDefinition;
import io.bosun.spi.engine.ServiceIdentity;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.engine.VolumeView;
import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.VolumeConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An engine with only a current state and log follows, both in the test's hands: the state is published to a
 * listener as the engine's view would, and each follow is recorded with the sink it feeds.
 */
class FakeEngine implements ContainerEngine {

    /** One followLogs call. */
    static final class Follow implements AutoCloseable {
        final String containerId;
        final Instant since;
        final LogSink sink;
        volatile boolean closed;

        Follow(String containerId, Instant since, LogSink sink) {
            this.containerId = containerId;
            this.since = since;
            this.sink = sink;
        }

        /** A line as the engine would read it, stamped {@code at}. */
        void print(String message, boolean stdErr, Instant at) {
            sink.accept(new LogRecord(at, message, false, stdErr, Optional.of(7701L), Optional.of("main"),
                    Optional.of(1L)));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final Consumer<CurrentState> listener;
    private final List<Follow> follows = new ArrayList<>();
    private volatile CurrentState state = CurrentState.EMPTY;
    private int refusals;

    FakeEngine(Consumer<CurrentState> listener) {
        this.listener = listener;
    }

    static ContainerView container(String id, ServiceStatus status, Instant createdAt, Map<String, String> env) {
        return new ContainerView(id, "main_1_1_abc", new ServiceIdentity(7701, "app7701", "main", 1, 1, 1, "abc"),
                "bosun-test/box:1", status, createdAt,
                new ServiceFacts("sha256:box", Map.of(), env, Set.of(), List.of(), "digest"), "");
    }

    static ContainerView container(String id, ServiceStatus status, Instant createdAt) {
        return container(id, status, createdAt, Map.of());
    }

    /** Makes the view show these containers (in step with the engine) and tells the listener. */
    void show(ContainerView... containers) {
        publish(new CurrentState(List.of(containers), List.of(), List.of(), List.of(), true));
    }

    /** The view lost the engine: what was last known, out of step. */
    void lose() {
        CurrentState last = state;
        publish(new CurrentState(last.containers(), List.of(), List.of(), List.of(), false));
    }

    void publish(CurrentState next) {
        state = next;
        listener.accept(next);
    }

    synchronized void refuseNext(int times) {
        refusals = times;
    }

    synchronized List<Follow> follows() {
        return List.copyOf(follows);
    }

    @Override
    public CurrentState currentState() {
        return state;
    }

    @Override
    public synchronized AutoCloseable followLogs(String containerId, Instant since, LogSink sink)
            throws EngineException {
        if (refusals > 0) {
            refusals--;
            throw new EngineException(EngineException.Kind.ENGINE_DOWN, "refused for the test");
        }
        Follow follow = new Follow(containerId, since, sink);
        follows.add(follow);
        return follow;
    }

    // --- not used by the capture

    @Override
    public EngineInfo info() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ServiceDefinition define(TargetService service, ServiceContext context) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<String> differences(ContainerView container, ServiceDefinition definition) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ContainerView create(ServiceDefinition service) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void start(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stop(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void remove(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void rename(String containerId, String newName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stopRestarting(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ImageView pull(String image, Optional<RegistryAuth> auth, PullListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ImageView> image(String nameOrId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeImage(String nameOrId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public VolumeView createVolume(long appId, String appUuid, String name, VolumeConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeVolume(String engineName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public NetworkView createNetwork(long appId, String appUuid, String name, NetworkConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeNetwork(String appUuid, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, byte[]> readFiles(String image, String folder, long maxBytes) {
        throw new UnsupportedOperationException();
    }
}
