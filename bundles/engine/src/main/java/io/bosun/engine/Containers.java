package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import io.bosun.spi.engine.ServiceContext;
import io.bosun.spi.engine.ServiceDefinition;
import io.bosun.spi.target.TargetService;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Container operations: define, create (with its networks), start, stop, remove, rename. */
final class Containers {
    private static final Logger LOG = LoggerFactory.getLogger(Containers.class);

    private final EngineHttp http;
    private final EngineView view;
    private final HostFacts host;
    private final ServiceComposer composer;

    Containers(EngineHttp http, EngineView view, HostFacts host) {
        this.http = http;
        this.view = view;
        this.host = host;
        this.composer = new ServiceComposer(host);
    }

    ServiceDefinition define(TargetService service, ServiceContext context) throws EngineException {
        JsonNode image = http.get("/images/" + service.image() + "/json", Kind.IMAGE_NOT_FOUND);
        try {
            ServiceDefinition definition = composer.compose(service, context, imageFacts(image));
            definition.warnings().forEach(w -> LOG.warn("Service {}: {}", service.name(), w));
            return definition;
        } catch (InvalidServiceException e) {
            throw new EngineException(Kind.INVALID, "service " + service.name() + ": " + e.getMessage(), e);
        }
    }

    static ImageFacts imageFacts(JsonNode image) {
        JsonNode c = image.path("Config");
        return new ImageFacts(image.path("Id").asText(), Json.envMap(c.path("Env")), Json.stringMap(c.path("Labels")),
                Json.strings(c.path("Cmd")), Json.strings(c.path("Entrypoint")), c.path("WorkingDir").asText(),
                c.path("User").asText(), Json.text(c.path("StopSignal")),
                ContainerReader.healthcheck(c.path("Healthcheck")), Set.copyOf(Json.keys(c.path("Volumes"))));
    }

    ContainerView create(ServiceDefinition service, Resources resources) throws EngineException {
        String name = service.identity().containerName();
        try {
            Files.createDirectories(ServiceComposer.lockFolder(host.locksDir(), service.identity().appId(),
                    service.identity().serviceName()));
        } catch (IOException e) {
            throw new EngineException(Kind.OTHER, "cannot create the lock folder of " + name + ": " + e, e);
        }
        if (service.config().networks().containsKey(ServiceComposer.SUPERVISOR_NETWORK)) {
            resources.ensureSupervisorNetwork();
        }
        String networkMode = engineNetworkMode(service);
        ObjectNode body = ContainerSpec.createRequest(service, networkMode);
        String id = http.post("/containers/create?name=" + EngineHttp.query(name), body, Kind.IMAGE_NOT_FOUND)
                .path("Id").asText();
        try {
            for (Map.Entry<String, ServiceNetwork> network : ContainerSpec.laterNetworks(service.config(),
                    networkMode)) {
                ObjectNode connect = Json.object().put("Container", id);
                connect.set("EndpointConfig", ContainerSpec.endpoint(network.getValue()));
                http.post("/networks/" + EngineHttp.query(network.getKey()) + "/connect", connect);
            }
        } catch (EngineException e) {
            // A half-made container would look current to the next plan: take it away again.
            remove(id);
            throw e;
        }
        view.refreshContainer(id);
        return view.current().containers().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new EngineException(Kind.OTHER, "container " + name + " vanished after create"));
    }

    private String engineNetworkMode(ServiceDefinition service) throws EngineException {
        String mode = service.config().networkMode();
        if (!mode.startsWith("service:")) {
            return mode;
        }
        String other = mode.substring("service:".length());
        long appId = service.identity().appId();
        return view.current().containers().stream()
                .filter(c -> c.identity().appId() == appId && c.identity().serviceName().equals(other))
                .map(c -> "container:" + c.id()).findFirst()
                .orElseThrow(() -> new EngineException(Kind.INVALID, "network_mode service:" + other
                        + " of " + service.identity().serviceName() + ": that service has no container"));
    }

    void start(String id) throws EngineException {
        http.post("/containers/" + id + "/start", null);
        view.refreshContainer(id);
    }

    void stop(String id) throws EngineException {
        // No timeout parameter: the engine applies the container's own StopTimeout (its stop grace period).
        http.post("/containers/" + id + "/stop", null);
        view.refreshContainer(id);
    }

    void remove(String id) throws EngineException {
        try {
            // A forced delete alone would SIGKILL a running container: stop it first, with its own signal and
            // grace period, as balena's kill does (docker stop, then rm -v).
            http.post("/containers/" + id + "/stop", null);
            http.delete("/containers/" + id + "?v=1&force=1");
        } catch (EngineException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
        view.refreshContainer(id);
    }

    void rename(String id, String newName) throws EngineException {
        http.post("/containers/" + id + "/rename?name=" + EngineHttp.query(newName), null);
        view.refreshContainer(id);
    }

    void stopRestarting(String id) throws EngineException {
        http.post("/containers/" + id + "/update", Map.of("RestartPolicy", Map.of("Name", "no")));
        view.refreshContainer(id);
    }

}
