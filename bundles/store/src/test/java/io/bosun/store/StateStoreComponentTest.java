package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.codec.JacksonTargetStateCodec;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import io.bosun.spi.store.StoreException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DS component driven as SCR drives it (bind, unbind, deactivate), with a plain configuration: what it does
 * while a reference is missing, and when it opens, keeps and closes its database, seen on disk.
 */
class StateStoreComponentTest {
    @TempDir
    Path dir;

    final StateStoreComponent component = new StateStoreComponent();

    @AfterEach
    void deactivate() {
        component.deactivate();
    }

    record Config(Path dataDir) implements SupervisorConfig {
        @Override
        public SupervisorSettings settings() {
            return new SupervisorSettings(dataDir, "127.0.0.1", 0, dataDir.resolve("config.json"),
                    URI.create("unix:///var/run/docker.sock"), dataDir.resolve("locks"));
        }

        @Override
        public DeviceIdentity device() {
            return new DeviceIdentity(TestTargets.DEVICE, Optional.empty(), null, null);
        }

        @Override
        public String version() {
            return "test";
        }
    }

    @Test
    void withoutAConfigurationEveryCallSaysSo() {
        component.bindCodec(new JacksonTargetStateCodec());
        StoreException e = assertThrows(StoreException.class, () -> component.value("k"));
        assertEquals("store not ready: no supervisor configuration yet", e.getMessage());
        assertThrows(StoreException.class, () -> component.target());
        assertThrows(StoreException.class, () -> component.putValue("k", "v"));
    }

    @Test
    void withoutACodecOnlyTheTargetCallsFail() throws Exception {
        component.bindConfig(new Config(dir));
        component.putValue("k", "v");
        assertEquals(Optional.of("v"), component.value("k"));
        StoreException e = assertThrows(StoreException.class, () -> component.target());
        assertEquals("store not ready: no target-state codec yet", e.getMessage());
        assertThrows(StoreException.class, () -> component.replaceTarget(TestTargets.simple("x"), "local"));

        component.bindCodec(new JacksonTargetStateCodec());
        component.replaceTarget(TestTargets.simple("x"), "local");
        assertEquals(TestTargets.simple("x"), component.target().orElseThrow().target());
    }

    @Test
    void theDatabaseOpensOnBindStaysOpenAcrossARebindAndClosesOnDeactivate() throws Exception {
        Path wal = dir.resolve(Database.FILE_NAME + "-wal");
        Config first = new Config(dir);
        component.bindCodec(new JacksonTargetStateCodec());
        component.bindConfig(first);
        assertTrue(Files.exists(dir.resolve(Database.FILE_NAME)), "opened (and created) when bound");
        component.putValue("k", "v");
        assertTrue(Files.exists(wal), "open: SQLite keeps the WAL while a connection is open");

        // A greedy replacement: the new service is bound before the old one is unbound.
        Config second = new Config(dir);
        component.bindConfig(second);
        component.unbindConfig(first);
        assertTrue(Files.exists(wal), "still open: the same data folder");
        assertEquals(Optional.of("v"), component.value("k"));

        component.unbindConfig(second);
        StoreException e = assertThrows(StoreException.class, () -> component.value("k"));
        assertEquals("store not ready: no supervisor configuration yet", e.getMessage());
        assertTrue(Files.exists(wal), "kept open while the configuration is away");

        component.bindConfig(new Config(dir));
        assertEquals(Optional.of("v"), component.value("k"));
        component.deactivate();
        assertFalse(Files.exists(wal), "closed: the last connection checkpointed and removed the WAL");
    }

    @Test
    void aNewDataFolderMovesTheStoreThere() throws Exception {
        Path other = dir.resolve("other");
        component.bindConfig(new Config(dir));
        component.putValue("where", "first");

        component.bindConfig(new Config(other));
        assertFalse(Files.exists(dir.resolve(Database.FILE_NAME + "-wal")), "the first database was closed");
        assertTrue(Files.exists(other.resolve(Database.FILE_NAME)), "the new folder has its database");
        assertEquals(Optional.empty(), component.value("where"));
        component.putValue("where", "second");
        assertEquals(java.util.List.of(java.util.List.of("first")),
                TestFiles.rows(dir.resolve(Database.FILE_NAME), "SELECT value FROM config"));
    }

    @Test
    void aDatabaseThatCannotOpenIsReportedByEveryCall() throws Exception {
        Path notAFolder = dir.resolve("file");
        Files.writeString(notAFolder, "a file where the data folder should be");
        component.bindConfig(new Config(notAFolder));
        StoreException e = assertThrows(StoreException.class, () -> component.value("k"));
        assertTrue(e.getMessage().startsWith("cannot create the folder of the database "), e.getMessage());
    }
}
