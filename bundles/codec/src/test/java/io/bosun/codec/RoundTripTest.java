package io.bosun.codec;

import static io.bosun.codec.Documents.CODEC;
import static io.bosun.codec.Documents.JSON;
import static io.bosun.codec.Documents.bytes;
import static io.bosun.codec.Documents.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;

/** writeV3 then readV3 gives back an equal target, and writing is stable. */
class RoundTripTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "device-state-example.json, local", "legacy-v3-example.json, local", "full-v3.json, dev1" })
    void readWriteReadGivesAnEqualTarget(String resource, String uuid) throws Exception {
        TargetState target = CODEC.readV3(bytes(resource(resource)), uuid);
        byte[] written = CODEC.writeV3(target);
        assertEquals(target, CODEC.readV3(written, uuid));
        assertArrayEquals(written, CODEC.writeV3(CODEC.readV3(written, uuid)));
    }

    @Test
    void aConvertedV2TargetSurvivesTheRoundTrip() throws Exception {
        TargetState target = CODEC.readV2(bytes(resource("legacy-v2-example.json")), "dev1", "n");
        assertEquals(target, CODEC.readV3(CODEC.writeV3(target), "dev1"));
    }

    @Test
    void aTargetBuiltInCodeSurvivesTheRoundTrip() throws Exception {
        TargetService service = new TargetService("web", 3, 4, "nginx:1.25", Map.of("PORT", "80"),
                Map.of("io.balena.features.dbus", "1"), false, Map.of(), Map.of("command", List.of("nginx", "-g")));
        TargetRelease release = new TargetRelease("deadbeef", 2, Map.of("web", service), Map.of(), Map.of());
        TargetApp app = new TargetApp("app-uuid", 1, "web", AppClass.APP, Optional.of("parent"), true,
                Map.of("deadbeef", release));
        TargetState target = new TargetState("dev", "device", Map.of("BALENA_X", "1"), Map.of("app-uuid", app));
        assertEquals(target, CODEC.readV3(CODEC.writeV3(target), "dev"));
    }

    @Test
    void theWriterLeavesToTheCompositionWhatItAlreadyGives() throws Exception {
        TargetState target = CODEC.readV3(bytes(resource("full-v3.json")), "dev1");
        JsonNode main = JSON.readTree(CODEC.writeV3(target))
                .at("/dev1/apps/app1/releases/rel1/services/main");
        // MODE is overridden at the top level; EXTRA and BARE come from the composition's list form only.
        assertEquals(JSON.readTree("{\"MODE\": \"prod\", \"PORT\": \"9000\"}"), main.get("environment"));
        assertEquals(JSON.readTree("[\"MODE=dev\", \"EXTRA=1\", \"BARE\"]"), main.at("/composition/environment"));
        assertFalse(main.get("labels").has("from.compose"));
    }

    @Test
    void theWrittenDocumentIsKeyedByTheDeviceUuid() throws Exception {
        TargetState target = CODEC.readV3(bytes(resource("device-state-example.json")), "local");
        JsonNode written = JSON.readTree(CODEC.writeV3(target));
        assertEquals(List.of("local"), List.copyOf(iterable(written.fieldNames())));
        assertEquals("registry2.resin.io/superapp/edfabc:latest",
                written.at("/local/apps/myapp/releases/afafafa/services/aservice/image").textValue());
        assertEquals(true, written.at("/local/apps/myapp/releases/afafafa/services/aservice/running").booleanValue());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
