package io.bosun.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetPollerTest {

    @Test
    void theHostOsAndTheSupervisorsOwnAppsAreLeftOutOfTheTarget() throws Exception {
        String body = "{\"dev\":{\"name\":\"n\",\"config\":{},\"apps\":{"
                + "\"fleet\":{\"id\":1,\"name\":\"f\",\"releases\":{}},"
                + "\"os\":{\"id\":2,\"name\":\"balenaOS\",\"is_host\":true,\"releases\":{}},"
                + "\"900de4f3cbac4b9bbd232885a35e407b\":{\"id\":3,\"name\":\"balena-supervisor\",\"releases\":{}}}}}";
        JsonNode kept = Json.tree(TargetPoller.runnable(body.getBytes(StandardCharsets.UTF_8), "dev"));
        assertEquals(List.of("fleet"), List.copyOf(iterable(kept.path("dev").path("apps").fieldNames())));
    }

    @Test
    void aDocumentWithoutTheDeviceIsLeftAsItIsForTheCodecToRefuse() throws Exception {
        byte[] body = "{\"other\":{\"apps\":{}}}".getBytes(StandardCharsets.UTF_8);
        assertEquals(new String(body, StandardCharsets.UTF_8),
                new String(TargetPoller.runnable(body, "dev"), StandardCharsets.UTF_8));
    }

    @Test
    void errorsBackOffAsBalenaDoesUpToTheInterval() {
        Duration base = Duration.ofSeconds(15);
        Duration interval = Duration.ofMinutes(15);
        assertEquals(Duration.ofSeconds(15), CloudComponent.backoff(base, 1, interval));
        assertEquals(Duration.ofSeconds(30), CloudComponent.backoff(base, 2, interval));
        assertEquals(Duration.ofSeconds(240), CloudComponent.backoff(base, 5, interval));
        assertEquals(interval, CloudComponent.backoff(base, 7, interval));
        assertEquals(interval, CloudComponent.backoff(base, 1000, interval));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> all = new java.util.ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }
}
