package io.bosun.codec;

import static io.bosun.codec.Documents.CODEC;
import static io.bosun.codec.Documents.JSON;
import static io.bosun.codec.Documents.bytes;
import static io.bosun.codec.Documents.resource;
import static io.bosun.codec.Documents.v3Violations;
import static io.bosun.codec.Documents.assertViolations;
import static io.bosun.codec.Documents.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.Ipam;
import io.bosun.spi.target.IpamPool;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.VolumeConfig;

/** What reading a valid v3 document yields: the spec's examples, defaults and normalisation. */
class V3ReadingTest {

    private static TargetState read(String json, String uuid) throws Exception {
        return CODEC.readV3(bytes(json), uuid);
    }

    private static TargetService onlyService(TargetState target) {
        return target.apps().values().iterator().next().release().orElseThrow().services().values().iterator().next();
    }

    @Test
    void deviceStateExampleFromTheSpec() throws Exception {
        TargetState target = CODEC.readV3(bytes(resource("device-state-example.json")), "local");

        assertEquals("local", target.deviceUuid());
        assertEquals("aDeviceWithDifferentName", target.name());
        // The codec keeps config keys as sent; stripping BALENA_/RESIN_ belongs to the device-config layer.
        assertEquals(Map.of("RESIN_HOST_CONFIG_gpu_mem", "512"), target.config());
        TargetApp app = target.apps().get("myapp");
        assertEquals(1234, app.id());
        assertEquals("superapp", app.name());
        assertEquals(AppClass.FLEET, app.appClass());
        TargetRelease release = app.release().orElseThrow();
        assertEquals("afafafa", release.commit());
        assertEquals(2, release.id());
        assertEquals(List.of("aservice", "anotherService"), List.copyOf(release.services().keySet()));
        TargetService first = release.services().get("aservice");
        assertEquals("registry2.resin.io/superapp/edfabc:latest", first.image());
        assertEquals(Map.of("FOO", "bar"), first.environment());
        assertEquals(23, first.id());
        assertEquals(12345, first.imageId());
        assertTrue(first.running());
        TargetService second = release.services().get("anotherService");
        assertEquals("registry2.resin.io/superapp/afaff:latest", second.image());
        assertEquals(Map.of("FOO", "bro"), second.environment());
        assertTrue(release.volumes().isEmpty());
        assertTrue(release.networks().isEmpty());
    }

    @Test
    void compositionExampleFromTheSpec() throws Exception {
        TargetState target = CODEC.readV3(bytes(resource("legacy-v3-example.json")), "local");

        assertEquals("my-new-name", target.name());
        assertEquals(Map.of("BALENA_SUPERVISOR_PORT", "11111"), target.config());
        TargetApp app = target.apps().get("1");
        assertEquals(1, app.id());
        TargetRelease release = app.releases().get("localrelease");
        TargetService hello = release.services().get("hello");
        assertEquals(1, hello.id()); // sent as the string "1"
        assertEquals("ubuntu:latest", hello.image());
        assertEquals(Map.of("io.balena.features.api", "true"), hello.labels());
        assertEquals(Map.of("privileged", true, "ports", List.of("3001:3001")), hello.composition());
        assertEquals(Map.of("my_net", new NetworkConfig(null, null, Optional.empty(), false, false,
                Map.of("io.balena.some.label", "foo"), false)), release.networks());
        assertEquals(Map.of("my_volume", new VolumeConfig(null, null, Map.of("io.balena.some.label", "foo"))),
                release.volumes());
        assertEquals("bridge", release.networks().get("my_net").driver());
        assertEquals("local", release.volumes().get("my_volume").driver());
    }

    @Test
    void aV2DocumentGivenAsV3IsRejected() {
        // Spec case 62: numeric app keys and v2 fields do not make a v3 app.
        assertViolations(v3Violations(resource("v2-invalid-env-key.json"), "local"),
                violation("apps.1234.id", "is required"));
    }

    @Test
    void everyFieldOfARichDocumentIsRead() throws Exception {
        TargetState target = CODEC.readV3(bytes(resource("full-v3.json")), "dev1");

        assertEquals(List.of("app1", "block1", "hostapp"), List.copyOf(target.apps().keySet()));
        TargetApp block = target.apps().get("block1");
        assertEquals(AppClass.BLOCK, block.appClass());
        assertEquals(Optional.of("app1"), block.parentApp());
        assertFalse(block.isHost());
        TargetApp host = target.apps().get("hostapp");
        assertEquals(AppClass.APP, host.appClass());
        assertTrue(host.isHost());
        assertTrue(host.releases().isEmpty());

        TargetRelease release = target.apps().get("app1").release().orElseThrow();
        TargetService main = release.services().get("main");
        assertEquals("registry2.balena-cloud.com/v2/abc@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", main.image());
        assertEquals(Map.of("type", "sw.container", "requires",
                List.of(Map.of("type", "sw.supervisor", "version", ">=11.0.0"))), main.contract());
        assertEquals(1.5, main.composition().get("cpus"));
        assertEquals(536870912L, main.composition().get("mem_limit"));
        assertEquals(new BigInteger("123456789012345678901234567890"), main.composition().get("huge"));
        assertTrue(main.composition().containsKey("nothing"));
        assertEquals(null, main.composition().get("nothing"));

        TargetService worker = release.services().get("worker");
        assertEquals(42, worker.id());
        assertEquals(4200, worker.imageId());
        assertEquals("127.0.0.1:5000/worker:latest", worker.image());
        assertFalse(worker.running());

        assertEquals(new VolumeConfig("local", Map.of("type", "tmpfs"), Map.of("keep", "true")),
                release.volumes().get("data"));
        assertEquals(new VolumeConfig(null, null, null), release.volumes().get("cache"));
        assertEquals(new NetworkConfig("bridge", Map.of("com.docker.network.bridge.name", "br-back"),
                Optional.of(new Ipam("default", List.of(new IpamPool(Optional.of("192.168.91.0/24"),
                        Optional.of("192.168.91.1"), Optional.of("192.168.91.128/25"),
                        Map.of("router", "192.168.91.2"))), Map.of("foo", "bar"))),
                true, true, Map.of("tier", "back"), false), release.networks().get("backend"));
        assertEquals(new NetworkConfig(null, null, null, false, false, null, false), release.networks().get("frontend"));
    }

    @Test
    void releasesServicesVolumesAndNetworksDefaultToEmpty() throws Exception {
        TargetState target = read("""
                {"d": {"name": "n", "config": {}, "apps": {"a": {"id": 1, "name": "x",
                  "releases": {"r": {"id": 1}}}, "b": {"id": 2, "name": "y"}}}}""", "d");
        TargetRelease release = target.apps().get("a").release().orElseThrow();
        assertTrue(release.services().isEmpty());
        assertTrue(release.volumes().isEmpty());
        assertTrue(release.networks().isEmpty());
        assertTrue(target.apps().get("b").releases().isEmpty());
        assertEquals(Optional.empty(), target.apps().get("b").release());
    }

    @Test
    void theFirstReleaseIsTheOneJavaScriptSeesFirst() throws Exception {
        // balena takes Object.keys(releases)[0]: integer-like keys come first, in numeric order.
        TargetState target = read("""
                {"d": {"name": "n", "config": {}, "apps": {"a": {"id": 1, "name": "x", "releases": {
                  "b0c1": {"id": 3}, "10": {"id": 2}, "2": {"id": 1}}}}}}""", "d");
        TargetApp app = target.apps().get("a");
        assertEquals(List.of("2", "10", "b0c1"), List.copyOf(app.releases().keySet()));
        assertEquals("2", app.release().orElseThrow().commit());
    }

    @Test
    void topLevelEnvironmentAndLabelsOverrideTheComposition() throws Exception {
        TargetService service = onlyService(read("""
                {"d": {"name": "n", "config": {}, "apps": {"a": {"id": 1, "name": "x", "releases": {"r": {"id": 1,
                  "services": {"s": {"id": 1, "image_id": 1, "image": "i",
                    "environment": {"B": "top", "C": "only-top"}, "labels": {"l2": "top"},
                    "composition": {"environment": {"A": "compose", "B": "compose"},
                                    "labels": {"l1": "compose", "l2": "compose"}}}}}}}}}}""", "d"));
        assertEquals(Map.of("A", "compose", "B", "top", "C", "only-top"), service.environment());
        assertEquals(Map.of("l1", "compose", "l2", "top"), service.labels());
        // The composition stays as sent.
        assertEquals(Map.of("A", "compose", "B", "compose"), service.composition().get("environment"));
    }

    @Test
    void compositionEnvironmentAndLabelsMayBeLists() throws Exception {
        TargetService service = onlyService(read("""
                {"d": {"name": "n", "config": {}, "apps": {"a": {"id": 1, "name": "x", "releases": {"r": {"id": 1,
                  "services": {"s": {"id": 1, "image_id": 1, "image": "i",
                    "environment": {"B": "top"}, "labels": {},
                    "composition": {"environment": ["A=1", "B=2", "URL=a=b", "BARE"],
                                    "labels": ["com.example.x=y", 7]}}}}}}}}}""", "d"));
        assertEquals(Map.of("A", "1", "B", "top", "URL", "a=b", "BARE", ""), service.environment());
        assertEquals(Map.of("com.example.x", "y"), service.labels());
    }

    @Test
    void compositionScalarsBecomeText() throws Exception {
        TargetService service = onlyService(read("""
                {"d": {"name": "n", "config": {}, "apps": {"a": {"id": 1, "name": "x", "releases": {"r": {"id": 1,
                  "services": {"s": {"id": 1, "image_id": 1, "image": "i", "environment": {}, "labels": {},
                    "composition": {"environment": {"PORT": 8080, "DEBUG": true, "RATIO": 1.0, "HALF": 0.5,
                                                    "UNSET": null, "NESTED": {"x": 1}}}}}}}}}}}""", "d"));
        assertEquals(Map.of("PORT", "8080", "DEBUG", "true", "RATIO", "1", "HALF", "0.5", "UNSET", ""),
                service.environment());
    }

    @Test
    void theReadTargetCannotBeModified() throws Exception {
        TargetState target = CODEC.readV3(bytes(resource("full-v3.json")), "dev1");
        TargetService main = target.apps().get("app1").release().orElseThrow().services().get("main");
        assertThrows(UnsupportedOperationException.class, () -> target.apps().clear());
        assertThrows(UnsupportedOperationException.class, () -> main.environment().put("X", "y"));
        @SuppressWarnings("unchecked")
        List<Object> ports = (List<Object>) main.composition().get("ports");
        assertThrows(UnsupportedOperationException.class, () -> ports.add("1:1"));
    }

    @Test
    void anyUtf8TextIsKept() throws Exception {
        TargetState target = read("{\"d\": {\"name\": \"Ger\u00e4t \u2603 \\ud83d\\ude00\", \"config\": {}, \"apps\": {}}}", "d");
        assertEquals("Ger\u00e4t \u2603 \ud83d\ude00", target.name());
    }

    @Test
    void aDocumentTreeIsNotRequiredToBeCompact() throws Exception {
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(resource("device-state-example.json"));
        assertEquals("aDeviceWithDifferentName", read(pretty, "local").name());
    }
}
