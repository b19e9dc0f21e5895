package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.NetworkView;
import io.bosun.spi.engine.VolumeView;
import io.bosun.spi.target.Ipam;
import io.bosun.spi.target.IpamPool;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.VolumeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Images, volumes and networks, named and labelled as balena names and labels them. */
final class Resources {
    private final EngineHttp http;
    private final EngineView view;

    Resources(EngineHttp http, EngineView view) {
        this.http = http;
        this.view = view;
    }

    Optional<ImageView> image(String nameOrId) throws EngineException {
        try {
            return Optional.of(ResourceReader.image(http.get("/images/" + nameOrId + "/json", Kind.IMAGE_NOT_FOUND)));
        } catch (EngineException e) {
            if (e.kind() == Kind.IMAGE_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    void removeImage(String nameOrId) throws EngineException {
        Optional<ImageView> image = image(nameOrId);
        if (image.isEmpty()) {
            return;
        }
        boolean byId = image.get().id().equals(nameOrId) || image.get().id().equals("sha256:" + nameOrId);
        // Removing by id fails while several names point at it: remove the names one by one, as balena does.
        List<String> references = byId ? concat(image.get().tags(), image.get().digests()) : List.of(nameOrId);
        for (String reference : references) {
            deleteImage(reference);
        }
        if (byId) {
            deleteImage(image.get().id());
        }
        view.refreshImages();
    }

    private void deleteImage(String reference) throws EngineException {
        try {
            http.delete("/images/" + reference + "?noprune=0");
        } catch (EngineException e) {
            if (e.kind() != Kind.NOT_FOUND && e.kind() != Kind.IMAGE_NOT_FOUND) {
                throw e;
            }
        }
    }

    VolumeView createVolume(long appId, String appUuid, String name, VolumeConfig config) throws EngineException {
        String engineName = appId + "_" + name;
        Optional<VolumeView> existing = view.current().volumes().stream()
                .filter(v -> v.engineName().equals(engineName)).findFirst();
        if (existing.isEmpty()) {
            ObjectNode body = Json.object().put("Name", engineName).put("Driver", config.driver());
            body.set("DriverOpts", Json.object(config.driverOpts()));
            Map<String, String> labels = new LinkedHashMap<>(config.labels());
            labels.put(Features.SUPERVISED, "true");
            labels.put(Features.APP_UUID, appUuid);
            body.set("Labels", Json.object(labels));
            http.post("/volumes/create", body);
            view.refreshVolumes();
            existing = view.current().volumes().stream().filter(v -> v.engineName().equals(engineName)).findFirst();
        }
        VolumeView volume = existing.orElseThrow(() -> new EngineException(Kind.OTHER,
                "volume " + engineName + " vanished after create"));
        if (!volume.config().equals(config)) {
            throw new EngineException(Kind.NAME_CONFLICT, "volume " + engineName
                    + " exists with another configuration (" + volume.config() + ")");
        }
        return volume;
    }

    void removeVolume(String engineName) throws EngineException {
        try {
            http.delete("/volumes/" + engineName);
        } catch (EngineException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
        view.refreshVolumes();
    }

    NetworkView createNetwork(long appId, String appUuid, String name, NetworkConfig config) throws EngineException {
        String engineName = appUuid + "_" + name;
        Optional<NetworkView> existing = network(engineName);
        if (existing.isEmpty()) {
            Map<String, String> labels = new LinkedHashMap<>(config.labels());
            labels.put(Features.SUPERVISED, "true");
            labels.put(Features.APP_ID, Long.toString(appId));
            Optional<Ipam> ipam = ResourceReader.customIpam(config);
            ipam.ifPresent(i -> labels.put(Features.PRIVATE_IPAM, "true"));
            ObjectNode body = Json.object().put("Name", engineName).put("Driver", config.driver())
                    .put("CheckDuplicate", true).put("EnableIPv6", config.enableIpv6())
                    .put("Internal", config.internal()).put("ConfigOnly", config.configOnly());
            body.set("Options", Json.object(config.driverOpts()));
            body.set("Labels", Json.object(labels));
            Ipam asked = config.ipam().orElse(new Ipam(null, List.of(), Map.of()));
            ObjectNode ipamNode = body.putObject("IPAM").put("Driver", asked.driver());
            ipamNode.set("Options", Json.object(asked.options()));
            ArrayNode pools = ipamNode.putArray("Config");
            for (IpamPool pool : asked.config()) {
                ObjectNode p = pools.addObject();
                pool.subnet().ifPresent(s -> p.put("Subnet", s));
                pool.gateway().ifPresent(g -> p.put("Gateway", g));
                pool.ipRange().ifPresent(r -> p.put("IPRange", r));
                p.set("AuxiliaryAddresses", Json.object(pool.auxAddresses()));
            }
            http.post("/networks/create", body);
            view.refreshNetworks();
            existing = network(engineName);
        }
        NetworkView network = existing.orElseThrow(() -> new EngineException(Kind.OTHER,
                "network " + engineName + " vanished after create"));
        if (!ResourceReader.sameNetwork(network.config(), config)) {
            throw new EngineException(Kind.NAME_CONFLICT, "network " + engineName
                    + " exists with another configuration (" + network.config() + ")");
        }
        return network;
    }

    private Optional<NetworkView> network(String engineName) {
        return view.current().networks().stream().filter(n -> n.engineName().equals(engineName)).findFirst();
    }

    void removeNetwork(String appUuid, String name) throws EngineException {
        String engineName = appUuid + "_" + name;
        // Ask the engine, not the view: duplicates of one name are exactly what must all go.
        for (JsonNode network : http.get("/networks")) {
            if (network.path("Name").asText().equals(engineName)) {
                try {
                    http.delete("/networks/" + network.path("Id").asText());
                } catch (EngineException e) {
                    if (e.kind() != Kind.NOT_FOUND) {
                        throw e;
                    }
                }
            }
        }
        view.refreshNetworks();
    }

    /** balena's {@code supervisor0} bridge, which services with the supervisor-api feature join. */
    void ensureSupervisorNetwork() throws EngineException {
        for (JsonNode network : http.get("/networks")) {
            if (network.path("Name").asText().equals(ServiceComposer.SUPERVISOR_NETWORK)) {
                return;
            }
        }
        ObjectNode body = Json.object().put("Name", ServiceComposer.SUPERVISOR_NETWORK).put("Driver", "bridge")
                .put("CheckDuplicate", true);
        body.putObject("Options").put("com.docker.network.bridge.name", ServiceComposer.SUPERVISOR_NETWORK);
        body.putObject("IPAM").put("Driver", "default").putArray("Config").addObject()
                .put("Subnet", "10.114.104.0/25").put("Gateway", ServiceComposer.SUPERVISOR_GATEWAY);
        http.post("/networks/create", body);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
