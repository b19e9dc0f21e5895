package io.bosun.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Hashtable;
import org.junit.jupiter.api.Test;

class UpdaterSettingsTest {
    private static Hashtable<String, Object> table(Object... keysAndValues) {
        Hashtable<String, Object> table = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            table.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return table;
    }

    @Test
    void onlyADataDirGivesTheDefaults() {
        UpdaterSettings settings = UpdaterSettings.of(table("dataDir", "/var/lib/bosun"), null);

        assertEquals(Path.of("/var/lib/bosun"), settings.dataDir());
        assertEquals(Duration.ofSeconds(30), settings.gate());
        assertEquals(Duration.ofSeconds(3), settings.settle());
        assertFalse(settings.trust().required());
        assertEquals(Path.of("/var/lib/bosun/bundles"), settings.stageFolder());
    }

    @Test
    void anEmptyUpdaterConfigurationGivesTheDefaultsToo() {
        UpdaterSettings settings = UpdaterSettings.of(table("dataDir", "/data"), table());

        assertEquals(UpdaterSettings.DEFAULT_GATE, settings.gate());
        assertEquals(UpdaterSettings.DEFAULT_SETTLE, settings.settle());
    }

    @Test
    void theUpdaterConfigurationSetsTheGateSettleAndTrustedKey() throws Exception {
        String key = Base64.getEncoder().encodeToString(KeyPairGenerator.getInstance("Ed25519").generateKeyPair()
                .getPublic().getEncoded());

        UpdaterSettings settings = UpdaterSettings.of(table("dataDir", "/data"),
                table("gateSeconds", 90L, "settleMillis", "500", "trust", key));

        assertEquals(Duration.ofSeconds(90), settings.gate());
        assertEquals(Duration.ofMillis(500), settings.settle());
        assertTrue(settings.trust().required());
    }

    @Test
    void aMissingDataDirIsAnIllegalState() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> UpdaterSettings.of(table("other", "x"), null));

        assertTrue(e.getMessage().contains("dataDir"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> UpdaterSettings.of(null, null));
    }
}
