package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import io.bosun.spi.engine.ServiceContext;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.ServiceDefinition;
import io.bosun.spi.target.TargetService;
import io.bosun.support.balena.ImageReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Container operations: define, create (with its networks), start, stop, remove, rename. */
final class Containers {
    private static final Logger LOG = LoggerFactory.getLogger(Containers.class);

    private static final int INSPECTED_IMAGES_KEPT = 64;
    private final EngineHttp http;
    private final EngineView view;
    private final ServiceComposer composer;
    private final Definitions definitions = new Definitions();
    /**
     * What an image's inspection says, by its id: an id names one content for good, so twenty services of one
     * image need one inspection, not twenty on the way to their creates. Bounded; callers are step threads.
     */
    private final Map<String, ImageFacts> inspectedImages = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ImageFacts> eldest) {
                    return size() > INSPECTED_IMAGES_KEPT;
                }
            });

    Containers(EngineHttp http, EngineView view, HostFacts host) {
        this.http = http;
        this.view = view;
        this.composer = new ServiceComposer(host);
    }

    /**
     * The image is looked up in the view, whatever the spelling of its name; a service composed before from the
     * same image is not composed again (nor its image inspected).
     */
    ServiceDefinition define(TargetService service, ServiceContext context) throws EngineException {
        return composed(service, context).definition();
    }

    private Composed composed(TargetService service, ServiceContext context) throws EngineException {
        ImageReference reference = ImageReference.parse(service.image());
        String imageId = view.current().images().stream()
                .filter(i -> i.id().equals(service.image()) || reference.names(i.tags(), i.digests()))
                .map(ImageView::id).findFirst()
                .orElseThrow(() -> new EngineException(Kind.IMAGE_NOT_FOUND, "the image " + service.image()
                        + " of service " + service.name() + " is not on the device"));
        Optional<Composed> known = definitions.of(service, context, imageId);
        if (known.isPresent()) {
            return known.get();
        }
        ImageFacts facts = inspectedImages.get(imageId);
        if (facts == null) {
            facts = imageFacts(http.get("/images/" + imageId + "/json", Kind.IMAGE_NOT_FOUND));
            inspectedImages.put(imageId, facts);
        }
        try {
            Composed composed = composer.compose(service, context, facts);
            composed.definition().warnings().forEach(w -> LOG.warn("Service {}: {}", service.name(), w));
            definitions.keep(service, context, imageId, composed);
            return composed;
        } catch (InvalidServiceException e) {
            throw new EngineException(Kind.INVALID, "service " + service.name() + ": " + e.getMessage(), e);
        }
    }

    /** The composition a definition stands for: kept, or composed again from the definition's own source. */
    Composed composed(ServiceDefinition definition) throws EngineException {
        Optional<Composed> known = definitions.ofDigest(definition.facts().digest());
        if (known.isPresent()) {
            return known.get();
        }
        Composed again = composed(definition.service(), definition.context());
        if (!again.definition().facts().digest().equals(definition.facts().digest())) {
            throw new EngineException(Kind.OTHER, "the definition of service " + definition.identity().serviceName()
                    + " is out of date (its image changed since): define it again");
        }
        return again;
    }

    /** The settings a container differs in from a definition (an inspection of the container). */
    List<String> differences(ContainerView container, ServiceDefinition definition) throws EngineException {
        ServiceConfig current = ContainerReader.config(http.get("/containers/" + container.id() + "/json"),
                id -> view.current().containers().stream().filter(c -> c.id().startsWith(id))
                        .map(c -> c.identity().serviceName()).findFirst());
        return composed(definition).config().differences(current);
    }

    static ImageFacts imageFacts(JsonNode image) {
        JsonNode c = image.path("Config");
        return new ImageFacts(image.path("Id").asText(), Json.envMap(c.path("Env")), Json.stringMap(c.path("Labels")),
                Json.strings(c.path("Cmd")), Json.strings(c.path("Entrypoint")), c.path("WorkingDir").asText(),
                c.path("User").asText(), Json.text(c.path("StopSignal")),
                ContainerReader.healthcheck(c.path("Healthcheck")), Set.copyOf(Json.keys(c.path("Volumes"))));
    }

    ContainerView create(ServiceDefinition definition, Resources resources) throws EngineException {
        Composed service = composed(definition);
        String name = definition.identity().containerName();
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

    private String engineNetworkMode(Composed service) throws EngineException {
        String mode = service.config().networkMode();
        if (!mode.startsWith("service:")) {
            return mode;
        }
        String other = mode.substring("service:".length());
        long appId = service.definition().identity().appId();
        return view.current().containers().stream()
                .filter(c -> c.identity().appId() == appId && c.identity().serviceName().equals(other))
                .map(c -> "container:" + c.id()).findFirst()
                .orElseThrow(() -> new EngineException(Kind.INVALID, "network_mode service:" + other
                        + " of " + service.definition().identity().serviceName() + ": that service has no container"));
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
