package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.json describes exactly the routes the API bundle serves: no route undocumented, none documented
 * only. Operations another bundle serves on the route whiteboard name it ({@code x-bosun-bundle}), and that
 * bundle's tests check them.
 */
class OpenApiTest {
    static final Path DOCUMENT = Path.of("../../docs/openapi.json");

    @Test
    void theDocumentListsEveryRouteAndNothingElse() throws Exception {
        JsonNode document = Json.MAPPER.readTree(Files.readAllBytes(DOCUMENT));
        Set<String> documented = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().path("x-bosun-bundle").asText("io.bosun.api").equals("io.bosun.api")) {
                documented.add(op.getKey().toUpperCase() + " " + path.getKey().replaceAll("\\{(\\w+)}", ":$1"));
            }
        }));
        Set<String> served = new TreeSet<>();
        for (ApiRoute route : new DeviceApi(Optional::empty, List::of).routes()) {
            served.add(route.method() + " " + route.path());
        }
        assertEquals(served, documented);
    }

    @Test
    void everyDocumentedOperationSaysWhoMayCallIt() throws Exception {
        JsonNode document = Json.MAPPER.readTree(Files.readAllBytes(DOCUMENT));
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                assertFalse(op.getValue().path("summary").asText().isBlank(), path.getKey() + " " + op.getKey())));
    }
}
