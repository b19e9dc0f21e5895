package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The codec as other bundles get it: the {@link TargetStateCodec} service, with Jackson wired in the framework. */
@ExtendWith(ServiceExtension.class)
class TargetStateCodecTest {
    private static final String V3 = """
            {"dev1": {"name": "aDevice", "config": {"RESIN_HOST_CONFIG_gpu_mem": "512"},
              "apps": {"myapp": {"id": 1234, "name": "superapp", "class": "fleet",
                "releases": {"afafafa": {"id": 2,
                  "services": {"aservice": {"id": 23, "image_id": 12345,
                      "image": "registry2.resin.io/superapp/edfabc", "environment": {"FOO": "bar"}, "labels": {}}},
                  "volumes": {}, "networks": {}}}}}}}
            """;

    @InjectService(timeout = 10_000)
    TargetStateCodec codec;

    @Test
    void readsAV3DocumentAndNormalisesIt() throws Exception {
        TargetState target = codec.readV3(bytes(V3), "dev1");
        assertEquals("aDevice", target.name());
        TargetService service = target.apps().get("myapp").release().orElseThrow().services().get("aservice");
        assertEquals("registry2.resin.io/superapp/edfabc:latest", service.image());
        assertEquals("bar", service.environment().get("FOO"));
        assertEquals(target, codec.readV3(codec.writeV3(target), "dev1"), "a written target reads back equal");
    }

    @Test
    void rejectsABadDocumentWholeNamingThePath() {
        String bad = V3.replace("\"FOO\": \"bar\"", "\" FOO\": \"bar\"");
        InvalidTargetStateException e = assertThrows(InvalidTargetStateException.class,
                () -> codec.readV3(bytes(bad), "dev1"));
        assertEquals("apps.myapp.releases.afafafa.services.aservice.environment",
                e.violations().get(0).path());
        assertTrue(e.getMessage().contains("key ' FOO' is not a valid variable name"), e.getMessage());
    }

    @Test
    void convertsAV2LocalDocument() throws Exception {
        String v2 = """
                {"local": {"name": "dev", "config": {}, "apps": {"1": {"name": "hello", "commit": "abc",
                  "releaseId": 7, "services": {"11": {"serviceName": "hello", "imageId": 5,
                  "image": "busybox", "environment": {}, "labels": {}, "privileged": true}},
                  "volumes": {}, "networks": {}}}}}
                """;
        TargetState target = codec.readV2(bytes(v2), "dev1");
        TargetService service = target.apps().get("1").release().orElseThrow().services().get("hello");
        assertEquals("busybox:latest", service.image());
        assertEquals(Boolean.TRUE, service.composition().get("privileged"));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
