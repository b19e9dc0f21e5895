package io.bosun.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The framework's storage is found where the config bundle finds the data folder. */
class DataFolderTest {
    private static final Path CWD = Path.of("/home/op");

    @Test
    void theDataFolderVariableWins() {
        DataFolder folder = DataFolder.of(null, Map.of("BOSUN_DATA_DIR", "/data/bosun"), true, CWD);
        assertEquals(Path.of("/data/bosun/framework"), folder.storage());
        assertEquals(Path.of("/data/bosun/framework-bundles"), folder.extracted());
    }

    @Test
    void rootDefaultsToVarLibBosunAndOthersToDataInTheWorkingFolder() {
        assertEquals(Path.of("/var/lib/bosun/framework"), DataFolder.of(null, Map.of(), true, CWD).storage());
        assertEquals(Path.of("/home/op/data/framework"), DataFolder.of("", Map.of("BOSUN_DATA_DIR", " "), false, CWD)
                .storage());
    }

    @Test
    void anExplicitStoragePropertyIsTakenAndItsBundlesSitBesideIt() {
        DataFolder folder = DataFolder.of("/srv/cache/./osgi", Map.of("BOSUN_DATA_DIR", "/data"), false, CWD);
        assertEquals(Path.of("/srv/cache/osgi"), folder.storage());
        assertEquals(Path.of("/srv/cache/osgi-bundles"), folder.extracted());
    }

    @Test
    void aFolderThatCannotBeMadeIsNamedWithTheSettingThatChoseIt() {
        java.io.IOException e = new java.nio.file.AccessDeniedException("/proc/x");
        assertEquals("bosun: cannot start: BOSUN_DATA_DIR: cannot create /proc/x (" + e + ")",
                DataFolder.of(null, Map.of("BOSUN_DATA_DIR", "/proc/x"), true, CWD).cannotCreate(e));
        assertEquals("bosun: cannot start: org.osgi.framework.storage: cannot create /proc/y (" + e + ")",
                DataFolder.of("/proc/y", Map.of(), true, CWD).cannotCreate(e));
    }
}
