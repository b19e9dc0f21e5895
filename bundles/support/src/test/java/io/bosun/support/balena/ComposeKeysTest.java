package io.bosun.support.balena;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeKeysTest {
    @Test
    void everySpellingOfAFieldIsOne() {
        assertEquals("dependsOn", ComposeKeys.camelCase("depends_on"));
        assertEquals("dependsOn", ComposeKeys.camelCase("dependsOn"));
        assertEquals("networkMode", ComposeKeys.camelCase("network-mode"));
        assertEquals("stopGracePeriod", ComposeKeys.camelCase("stop_grace_period"));
        assertEquals("image", ComposeKeys.camelCase("image"));
    }

    @Test
    void aCompositionIsCamelCasedInDocumentOrder() {
        Map<String, Object> composition = new LinkedHashMap<>();
        composition.put("network_mode", "host");
        composition.put("depends_on", List.of("db"));
        assertEquals(List.of("networkMode", "dependsOn"), List.copyOf(ComposeKeys.camelCased(composition).keySet()));
    }

    @Test
    void resinLabelsReadAsBalenaOnes() {
        Map<String, String> labels = Map.of("io.resin.update.strategy", "hand-over");
        assertEquals("hand-over", BalenaLabels.get(labels, "update.strategy").orElseThrow());
        assertEquals(Map.of("io.balena.update.strategy", "hand-over"), BalenaLabels.normalise(labels));
    }
}
