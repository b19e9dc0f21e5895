package io.bosun.codec;

import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.bosun.spi.target.Ipam;
import io.bosun.spi.target.IpamPool;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.VolumeConfig;

/**
 * Builds the v3 document of a target. Defaults are written out (driver names, {@code running}, flags) so that the
 * document says what the device will do without knowing the defaults. A service's top-level {@code environment}
 * and {@code labels} hold only what its composition does not already give, so reading the document back yields
 * the same effective maps.
 */
final class V3Writer {
    private final JsonNodeFactory nodes;

    V3Writer(JsonNodeFactory nodes) {
        this.nodes = nodes;
    }

    ObjectNode write(TargetState target) {
        ObjectNode device = nodes.objectNode();
        device.put("name", target.name());
        device.set("config", JsonValues.fromMap(target.config(), nodes));
        ObjectNode apps = device.putObject("apps");
        target.apps().forEach((uuid, app) -> apps.set(uuid, app(app)));
        ObjectNode document = nodes.objectNode();
        document.set(target.deviceUuid(), device);
        return document;
    }

    private ObjectNode app(TargetApp app) {
        ObjectNode node = nodes.objectNode();
        node.put("id", app.id());
        node.put("name", app.name());
        node.put("class", app.appClass().wireName());
        app.parentApp().ifPresent(parent -> node.put("parent_app", parent));
        if (app.isHost()) {
            node.put("is_host", true);
        }
        ObjectNode releases = node.putObject("releases");
        app.releases().forEach((commit, release) -> releases.set(commit, release(release)));
        return node;
    }

    private ObjectNode release(TargetRelease release) {
        ObjectNode node = nodes.objectNode();
        node.put("id", release.id());
        ObjectNode services = node.putObject("services");
        release.services().forEach((name, service) -> services.set(name, service(service)));
        ObjectNode volumes = node.putObject("volumes");
        release.volumes().forEach((name, volume) -> volumes.set(name, volume(volume)));
        ObjectNode networks = node.putObject("networks");
        release.networks().forEach((name, network) -> networks.set(name, network(network)));
        return node;
    }

    private ObjectNode service(TargetService service) {
        ObjectNode node = nodes.objectNode();
        node.put("id", service.id());
        node.put("image_id", service.imageId());
        node.put("image", service.image());
        node.set("environment", JsonValues.fromMap(CompositionMaps.topLevel(service.composition(),
                CompositionMaps.ENVIRONMENT, service.environment()), nodes));
        node.set("labels", JsonValues.fromMap(CompositionMaps.topLevel(service.composition(),
                CompositionMaps.LABELS, service.labels()), nodes));
        node.put("running", service.running());
        if (!service.contract().isEmpty()) {
            node.set("contract", JsonValues.fromMap(service.contract(), nodes));
        }
        if (!service.composition().isEmpty()) {
            node.set("composition", JsonValues.fromMap(service.composition(), nodes));
        }
        return node;
    }

    private ObjectNode volume(VolumeConfig volume) {
        ObjectNode node = nodes.objectNode();
        node.put("driver", volume.driver());
        putIfAny(node, "driver_opts", volume.driverOpts());
        putIfAny(node, "labels", volume.labels());
        return node;
    }

    private ObjectNode network(NetworkConfig network) {
        ObjectNode node = nodes.objectNode();
        node.put("driver", network.driver());
        putIfAny(node, "driver_opts", network.driverOpts());
        network.ipam().ifPresent(ipam -> node.set("ipam", ipam(ipam)));
        node.put("enable_ipv6", network.enableIpv6());
        node.put("internal", network.internal());
        putIfAny(node, "labels", network.labels());
        node.put("config_only", network.configOnly());
        return node;
    }

    private ObjectNode ipam(Ipam ipam) {
        ObjectNode node = nodes.objectNode();
        node.put("driver", ipam.driver());
        var pools = node.putArray("config");
        ipam.config().forEach(pool -> pools.add(pool(pool)));
        putIfAny(node, "options", ipam.options());
        return node;
    }

    private ObjectNode pool(IpamPool pool) {
        ObjectNode node = nodes.objectNode();
        pool.subnet().ifPresent(subnet -> node.put("subnet", subnet));
        pool.gateway().ifPresent(gateway -> node.put("gateway", gateway));
        pool.ipRange().ifPresent(range -> node.put("ip_range", range));
        putIfAny(node, "aux_addresses", pool.auxAddresses());
        return node;
    }

    private void putIfAny(ObjectNode node, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            node.set(field, JsonValues.fromMap(values, nodes));
        }
    }
}
