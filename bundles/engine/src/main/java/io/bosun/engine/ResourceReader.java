package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.NetworkView;
import io.bosun.spi.engine.VolumeView;
import io.bosun.spi.target.Ipam;
import io.bosun.spi.target.IpamPool;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.VolumeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the engine's images, volumes and networks into the spi views. */
final class ResourceReader {
    private static final Pattern APP_VOLUME = Pattern.compile("^(\\d+)_(.+)$");
    private static final Set<String> SUPERVISOR_LABELS = Set.of(Features.SUPERVISED, Features.LEGACY_SUPERVISED,
            Features.APP_UUID, Features.APP_ID, Features.PRIVATE_IPAM);

    private ResourceReader() {
    }

    static ImageView image(JsonNode image) {
        List<String> tags = Json.strings(image.path("RepoTags")).stream().filter(t -> !t.equals("<none>:<none>"))
                .toList();
        List<String> digests = Json.strings(image.path("RepoDigests")).stream()
                .filter(d -> !d.startsWith("<none>@")).toList();
        return new ImageView(image.path("Id").asText(), tags, digests);
    }

    /**
     * A volume the supervisor made: named {@code <appId>_<name>} and labelled supervised. The name alone is no
     * proof: a compose project named {@code 2024} makes {@code 2024_data} too, and the planner removes the
     * volumes of apps that are gone.
     */
    static Optional<VolumeView> volume(JsonNode volume) {
        String engineName = volume.path("Name").asText();
        Matcher m = APP_VOLUME.matcher(engineName);
        Map<String, String> labels = Json.stringMap(volume.path("Labels"));
        if (!m.matches() || !ContainerReader.supervised(labels)) {
            return Optional.empty();
        }
        String appUuid = labels.getOrDefault(Features.APP_UUID, m.group(1));
        labels.keySet().removeAll(SUPERVISOR_LABELS);
        return Optional.of(new VolumeView(engineName, Long.parseLong(m.group(1)), appUuid, m.group(2),
                new VolumeConfig(volume.path("Driver").asText(), Json.stringMap(volume.path("Options")), labels)));
    }

    /** A network the supervisor made: labelled supervised, named {@code <appUuid>_<name>}. */
    static Optional<NetworkView> network(JsonNode network) {
        Map<String, String> all = Json.stringMap(network.path("Labels"));
        String engineName = network.path("Name").asText();
        int underscore = engineName.indexOf('_');
        if (!ContainerReader.supervised(all) || underscore <= 0) {
            return Optional.empty();
        }
        Map<String, String> labels = new LinkedHashMap<>(all);
        labels.keySet().removeAll(SUPERVISOR_LABELS);
        String prefix = engineName.substring(0, underscore);
        long appId = Long.parseLong(all.getOrDefault(Features.APP_ID, prefix.matches("\\d+") ? prefix : "0"));
        JsonNode ipam = network.path("IPAM");
        Optional<Ipam> configured = "true".equals(all.get(Features.PRIVATE_IPAM))
                ? Optional.of(new Ipam(ipam.path("Driver").asText(), pools(ipam.path("Config")),
                        Json.stringMap(ipam.path("Options"))))
                : Optional.empty();
        NetworkConfig config = new NetworkConfig(network.path("Driver").asText(), Json.stringMap(network.path("Options")),
                configured, network.path("EnableIPv6").asBoolean(), network.path("Internal").asBoolean(), labels,
                network.path("ConfigOnly").asBoolean());
        return Optional.of(new NetworkView(network.path("Id").asText(), engineName, appId, prefix,
                engineName.substring(underscore + 1), config));
    }

    private static List<IpamPool> pools(JsonNode config) {
        List<IpamPool> pools = new ArrayList<>();
        for (JsonNode pool : config) {
            pools.add(new IpamPool(Json.text(pool.path("Subnet")), Json.text(pool.path("Gateway")), Json.text(pool.path("IPRange")),
                    Json.stringMap(pool.path("AuxiliaryAddresses"))));
        }
        return pools;
    }

    /**
     * balena's network equality: IPAM only counts when the target configures pools (the engine picks them
     * otherwise), the driver not for a config-only network.
     */
    static boolean sameNetwork(NetworkConfig current, NetworkConfig target) {
        Optional<Ipam> targetIpam = customIpam(target);
        NetworkConfig comparable = new NetworkConfig(target.configOnly() ? target.driver() : current.driver(),
                current.driverOpts(), targetIpam.isEmpty() ? Optional.empty() : current.ipam(),
                current.enableIpv6(), current.internal(), current.labels(), current.configOnly());
        return comparable.equals(new NetworkConfig(target.driver(), target.driverOpts(), targetIpam,
                target.enableIpv6(), target.internal(), target.labels(), target.configOnly()));
    }

    /** The IPAM settings a network asks for, when it names pools; none when the engine may choose. */
    static Optional<Ipam> customIpam(NetworkConfig config) {
        return config.ipam().filter(ipam -> !ipam.config().isEmpty());
    }
}
