package io.bosun.spi.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.bosun.spi.target.InvalidTargetStateException.Violation;

class TargetRecordsTest {

    private static TargetRelease release(String commit) {
        return new TargetRelease(commit, 1, null, null, null);
    }

    @Test
    void defaultsApplyWhenNullIsGiven() {
        assertEquals("bridge", new NetworkConfig(null, null, null, false, false, null, false).driver());
        assertEquals(Optional.empty(), new NetworkConfig(null, null, null, false, false, null, false).ipam());
        assertEquals("local", new VolumeConfig(null, null, null).driver());
        assertEquals("default", new Ipam(null, null, null).driver());
        assertEquals(AppClass.FLEET, new TargetApp("u", 1, "n", null, null, false, null).appClass());
        assertEquals(Map.of(), new TargetService("s", 1, 1, "i:latest", null, null, true, null, null).composition());
    }

    @Test
    void recordsCopyWhatTheyAreGiven() {
        Map<String, String> environment = new LinkedHashMap<>(Map.of("A", "1"));
        List<Object> ports = new ArrayList<>(List.of("80:80"));
        Map<String, Object> composition = new LinkedHashMap<>(Map.of("ports", ports));
        TargetService service = new TargetService("s", 1, 1, "i:latest", environment, Map.of(), true, Map.of(),
                composition);
        environment.put("B", "2");
        ports.add("443:443");
        assertEquals(Map.of("A", "1"), service.environment());
        assertEquals(List.of("80:80"), service.composition().get("ports"));
        assertThrows(UnsupportedOperationException.class, () -> service.labels().put("x", "y"));
    }

    @Test
    void theReleaseOfAnAppIsItsFirst() {
        Map<String, TargetRelease> releases = new LinkedHashMap<>();
        releases.put("second-by-name", release("second-by-name"));
        releases.put("a-first-by-name", release("a-first-by-name"));
        TargetApp app = new TargetApp("u", 1, "n", AppClass.FLEET, Optional.empty(), false, releases);
        assertEquals("second-by-name", app.release().orElseThrow().commit());
        assertEquals(Optional.empty(), new TargetApp("u", 1, "n", null, null, false, Map.of()).release());
    }

    @Test
    void anInvalidTargetNamesEveryViolation() {
        InvalidTargetStateException e = new InvalidTargetStateException(List.of(
                new Violation("", "the document is empty"), new Violation("apps.a.name", "is required")));
        assertEquals("the document is empty\napps.a.name: is required", e.getMessage());
        assertEquals(2, e.violations().size());
        assertThrows(IllegalArgumentException.class, () -> new InvalidTargetStateException(List.of()));
    }

    @Test
    void requiredFieldsAreRequired() {
        assertThrows(NullPointerException.class, () -> new TargetState(null, "n", null, null));
        assertThrows(NullPointerException.class, () -> new TargetService("s", 1, 1, null, null, null, true, null,
                null));
        assertTrue(new TargetState("d", "n", null, null).apps().isEmpty());
    }
}
