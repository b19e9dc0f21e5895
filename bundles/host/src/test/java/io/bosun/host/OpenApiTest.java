package io.bosun.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.api.ApiRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/openapi.json names this bundle on exactly the routes it serves. */
class OpenApiTest {
    static final Path DOCUMENT = Path.of("../../docs/openapi.json");

    @TempDir
    Path dir;

    @Test
    void theDocumentNamesThisBundleOnEveryRouteItServesAndNoOther() throws Exception {
        JsonNode document = HostRoutes.JSON.readTree(Files.readAllBytes(DOCUMENT));
        Set<String> documented = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().path("x-bosun-bundle").asText().equals("io.bosun.host")) {
                documented.add(op.getKey().toUpperCase() + " " + path.getKey());
            }
        }));
        Set<String> served = new TreeSet<>();
        for (ApiRoute route : new HostFixture(dir).routes().values()) {
            served.add(route.method() + " " + route.path());
        }
        assertEquals(served, documented);
    }
}
