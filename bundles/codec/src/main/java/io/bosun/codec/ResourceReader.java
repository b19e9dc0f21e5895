package io.bosun.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.bosun.spi.target.Ipam;
import io.bosun.spi.target.IpamPool;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.VolumeConfig;

/**
 * Volumes and networks of a release. balena checks only that each is an object; Bosun also checks the types of
 * the documented fields (it has to turn them into records), treating null like an absent field.
 */
final class ResourceReader {
    private final FieldReader fields;

    ResourceReader(FieldReader fields) {
        this.fields = fields;
    }

    Map<String, VolumeConfig> volumes(JsonNode value, Path path) {
        return fields.entries(value, path, Presence.DEFAULTED, KeyRule.VOLUME_NAME,
                (volume, volumePath, name) -> volume(volume, volumePath));
    }

    Map<String, NetworkConfig> networks(JsonNode value, Path path) {
        return fields.entries(value, path, Presence.DEFAULTED, KeyRule.NETWORK_NAME,
                (network, networkPath, name) -> network(network, networkPath));
    }

    private Optional<VolumeConfig> volume(JsonNode value, Path path) {
        return fields.object(value, path, Presence.REQUIRED).map(volume -> new VolumeConfig(
                text(volume, "driver", path),
                textMap(volume, "driver_opts", path),
                textMap(volume, "labels", path)));
    }

    private Optional<NetworkConfig> network(JsonNode value, Path path) {
        return fields.object(value, path, Presence.REQUIRED).map(network -> new NetworkConfig(
                text(network, "driver", path),
                textMap(network, "driver_opts", path),
                ipam(FieldReader.field(network, "ipam"), path.child("ipam")),
                flag(network, "enable_ipv6", path),
                flag(network, "internal", path),
                textMap(network, "labels", path),
                flag(network, "config_only", path)));
    }

    private Optional<Ipam> ipam(JsonNode value, Path path) {
        return fields.object(value, path, Presence.LENIENT).map(ipam -> new Ipam(
                text(ipam, "driver", path),
                pools(FieldReader.field(ipam, "config"), path.child("config")),
                textMap(ipam, "options", path)));
    }

    private List<IpamPool> pools(JsonNode value, Path path) {
        List<IpamPool> pools = new ArrayList<>();
        fields.array(value, path, Presence.LENIENT).ifPresent(array -> {
            for (int i = 0; i < array.size(); i++) {
                Path poolPath = path.child(Integer.toString(i));
                fields.object(array.get(i), poolPath, Presence.REQUIRED).ifPresent(pool -> pools.add(new IpamPool(
                        Optional.ofNullable(text(pool, "subnet", poolPath)),
                        Optional.ofNullable(text(pool, "gateway", poolPath)),
                        Optional.ofNullable(text(pool, "ip_range", poolPath)),
                        textMap(pool, "aux_addresses", poolPath))));
            }
        });
        return pools;
    }

    private String text(JsonNode object, String field, Path path) {
        return fields.string(object.get(field), path.child(field), Presence.LENIENT).orElse(null);
    }

    private Map<String, String> textMap(JsonNode object, String field, Path path) {
        return fields.stringMap(object.get(field), path.child(field), Presence.LENIENT, KeyRule.ANY);
    }

    private boolean flag(JsonNode object, String field, Path path) {
        return fields.bool(object.get(field), path.child(field), Presence.LENIENT).orElse(false);
    }
}
