package io.bosun.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bosun.spi.api.Access;
import io.bosun.spi.api.ApiRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/openapi.json names this bundle on exactly the routes it serves, all for the device key. */
class OpenApiTest {
    static final Path DOCUMENT = Path.of("../../docs/openapi.json");

    @Test
    void theDocumentNamesThisBundleOnEveryRouteItServesAndNoOther() throws Exception {
        JsonNode document = new ObjectMapper().readTree(Files.readAllBytes(DOCUMENT));
        Set<String> documented = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().path("x-bosun-bundle").asText().equals("io.bosun.updater")) {
                documented.add(op.getKey().toUpperCase() + " " + path.getKey().replace("{symbolicName}",
                        ":symbolicName") + " " + op.getValue().path("x-bosun-access").asText());
            }
        }));
        Set<String> served = new TreeSet<>();
        for (ApiRoute route : new BundleRoutes(null).routes()) {
            assertEquals(Access.DEVICE_KEY, route.access(), route.toString());
            served.add(route.method() + " " + route.path() + " global key");
        }
        assertEquals(served, documented);
    }
}
