package io.bosun.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchPlanTest {
    private static final String PLAN = """
            launch.bundles=jar/a-1.0.jar,jar/io.bosun.api-0.1.0.jar
            launch.runbundles.attrs=org.example.a;version\\="1.0";startlevel\\=3,io.bosun.api;version\\="0.1.0"
            launch.startlevel.default=10
            launch.services=true
            org.osgi.framework.startlevel.beginning=10
            org.slf4j.simpleLogger.showDateTime=false
            """;

    @Test
    void bundlesComeWithTheirStartLevelOrTheDefaultAndRunPropertiesWithoutTheLaunchersOwn() throws IOException {
        LaunchPlan plan = LaunchPlan.read(PLAN.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of(new ShippedBundle("jar/a-1.0.jar", "org.example.a", "1.0", 3),
                new ShippedBundle("jar/io.bosun.api-0.1.0.jar", "io.bosun.api", "0.1.0", 10)), plan.bundles());
        assertEquals("a-1.0.jar", plan.bundles().get(0).fileName());
        assertEquals("10", plan.properties().get("org.osgi.framework.startlevel.beginning"));
        assertTrue(plan.properties().keySet().stream().noneMatch(k -> k.startsWith("launch.")));
    }

    @Test
    void theDigestChangesWithTheContentSoANewJarGetsAFreshStorage() throws IOException {
        LaunchPlan one = LaunchPlan.read(PLAN.getBytes(StandardCharsets.ISO_8859_1));
        LaunchPlan same = LaunchPlan.read(PLAN.getBytes(StandardCharsets.ISO_8859_1));
        LaunchPlan other = LaunchPlan.read(PLAN.replace("0.1.0\"", "0.1.1\"").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(one.digest(), same.digest());
        assertNotEquals(one.digest(), other.digest());
    }

    @Test
    void aPlanWhoseListsDoNotPairUpIsRefusedNamingBothCounts() {
        String broken = PLAN.replace(",io.bosun.api;version\\=\"0.1.0\"", "");
        IOException e = assertThrows(IOException.class,
                () -> LaunchPlan.read(broken.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("launcher.properties lists 2 bundles but attributes for 1", e.getMessage());
    }
}
