package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import io.bosun.spi.engine.EngineInfo;
import io.bosun.spi.engine.EngineListener;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.NetworkView;
import io.bosun.spi.engine.PullListener;
import io.bosun.spi.engine.RegistryAuth;
import io.bosun.spi.engine.ServiceContext;
import io.bosun.spi.engine.ServiceDefinition;
import io.bosun.spi.engine.VolumeView;
import io.bosun.spi.logs.LogSink;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.VolumeConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker engine as a {@link ContainerEngine}. The engine address comes from the supervisor configuration;
 * the reference to it is optional and dynamic, so updating the configuration bundle leaves this component (and
 * its event stream) in place unless the address itself changes.
 */
@Component(service = ContainerEngine.class)
public class DockerEngine implements ContainerEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);

    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
    private volatile EngineSession session;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(SupervisorConfig config) {
        connect(config.settings());
    }

    void updatedConfig(SupervisorConfig config) {
        connect(config.settings());
    }

    void unbindConfig(SupervisorConfig config) {
        // Keep the session: the engine is still there while the configuration bundle is being replaced.
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(EngineListener listener) {
        listeners.add(listener);
    }

    void removeListener(EngineListener listener) {
        listeners.remove(listener);
    }

    private synchronized void connect(SupervisorSettings settings) {
        EngineSession current = session;
        if (current != null && current.http.host().equals(settings.dockerHost())) {
            return;
        }
        LOG.info("Using the engine at {}", settings.dockerHost());
        session = new EngineSession(settings, this::notifyListeners);
        if (current != null) {
            current.close();
        }
    }

    private void notifyListeners(CurrentState state) {
        for (EngineListener listener : listeners) {
            try {
                listener.changed(state);
            } catch (RuntimeException e) {
                LOG.warn("An engine listener failed: {}", e.toString());
            }
        }
    }

    @Deactivate
    synchronized void deactivate() {
        EngineSession current = session;
        session = null;
        if (current != null) {
            current.close();
        }
    }

    EngineSession session() throws EngineException {
        EngineSession current = session;
        if (current == null) {
            throw new EngineException(Kind.ENGINE_DOWN, "no engine address yet: the supervisor configuration is missing");
        }
        return current;
    }

    @Override
    public EngineInfo info() throws EngineException {
        EngineSession s = session();
        JsonNode version = s.http.negotiate();
        return new EngineInfo(version.path("Version").asText(), version.path("ApiVersion").asText(),
                version.path("Arch").asText());
    }

    @Override
    public CurrentState currentState() {
        EngineSession current = session;
        return current == null ? CurrentState.EMPTY : current.view.current();
    }

    @Override
    public ServiceDefinition define(TargetService service, ServiceContext context) throws EngineException {
        return session().containers.define(service, context);
    }

    @Override
    public List<String> differences(ContainerView container, ServiceDefinition definition) {
        try {
            return session().containers.differences(container, definition);
        } catch (EngineException e) {
            return List.of("unknown (" + e.getMessage() + ")");
        }
    }

    @Override
    public ContainerView create(ServiceDefinition service) throws EngineException {
        EngineSession s = session();
        return s.containers.create(service, s.resources);
    }

    @Override
    public void start(String containerId) throws EngineException {
        session().containers.start(containerId);
    }

    @Override
    public void stop(String containerId) throws EngineException {
        session().containers.stop(containerId);
    }

    @Override
    public void remove(String containerId) throws EngineException {
        session().containers.remove(containerId);
    }

    @Override
    public void rename(String containerId, String newName) throws EngineException {
        session().containers.rename(containerId, newName);
    }

    @Override
    public void stopRestarting(String containerId) throws EngineException {
        session().containers.stopRestarting(containerId);
    }

    @Override
    public ImageView pull(String image, Optional<RegistryAuth> auth, PullListener listener) throws EngineException {
        EngineSession s = session();
        s.puller.pull(image, auth, listener);
        s.view.refreshImages();
        return s.resources.image(image).orElseThrow(() -> new EngineException(Kind.IMAGE_NOT_FOUND,
                "the engine does not hold " + image + " after pulling it"));
    }

    @Override
    public Optional<ImageView> image(String nameOrId) throws EngineException {
        return session().resources.image(nameOrId);
    }

    @Override
    public void removeImage(String nameOrId) throws EngineException {
        session().resources.removeImage(nameOrId);
    }

    @Override
    public VolumeView createVolume(long appId, String appUuid, String name, VolumeConfig config)
            throws EngineException {
        return session().resources.createVolume(appId, appUuid, name, config);
    }

    @Override
    public void removeVolume(String engineName) throws EngineException {
        session().resources.removeVolume(engineName);
    }

    @Override
    public NetworkView createNetwork(long appId, String appUuid, String name, NetworkConfig config)
            throws EngineException {
        return session().resources.createNetwork(appId, appUuid, name, config);
    }

    @Override
    public void removeNetwork(String appUuid, String name) throws EngineException {
        session().resources.removeNetwork(appUuid, name);
    }

    @Override
    public AutoCloseable followLogs(String containerId, Instant since, LogSink sink) throws EngineException {
        EngineSession s = session();
        ContainerView container = s.view.current().containers().stream().filter(c -> c.id().equals(containerId))
                .findFirst().orElseThrow(() -> new EngineException(Kind.NOT_FOUND,
                        "no supervised container " + containerId));
        boolean tty = s.http.get("/containers/" + containerId + "/json").path("Config").path("Tty").asBoolean();
        return new LogFollower(s.http, container, tty, since, sink);
    }

    /**
     * A saved image's layers are read where the image is small enough (milliseconds), a container's copy of the
     * folder otherwise (a tenth of a second): see {@link ImageFolders}.
     */
    @Override
    public Map<String, byte[]> readFiles(String image, String folder, long maxBytes) throws EngineException {
        return ImageFolders.read(session().http, image, folder, maxBytes);
    }
}
