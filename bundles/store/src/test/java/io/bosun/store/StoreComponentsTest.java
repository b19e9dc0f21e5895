package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.codec.JacksonTargetStateCodec;
import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.target.TargetStateCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DS components driven as SCR drives them (bind, unbind, deactivate), with a plain configuration: what they
 * do while a reference is missing, and when they open, share, keep and close their database, seen on disk.
 */
class StoreComponentsTest {
    @TempDir
    Path dir;

    final TargetStoreComponent targets = new TargetStoreComponent();
    final ReleaseRecordsComponent releases = new ReleaseRecordsComponent();
    final RecordStoreComponent recordStore = new RecordStoreComponent();
    final ApiKeysComponent keys = new ApiKeysComponent((String) null);
    final Records records = recordStore.namespace("test");

    @AfterEach
    void deactivate() {
        targets.deactivate();
        releases.deactivate();
        recordStore.deactivate();
        keys.deactivate();
    }

    Path file() {
        return dir.resolve(Database.FILE_NAME);
    }

    Path wal() {
        return dir.resolve(Database.FILE_NAME + "-wal");
    }

    @Test
    void withoutAConfigurationEveryCallSaysSo() {
        targets.bindCodec(new JacksonTargetStateCodec());
        String notReady = "store not ready: no supervisor configuration yet";
        assertEquals(notReady, assertThrows(StoreException.class, targets::targets).getMessage());
        assertEquals(notReady, assertThrows(StoreException.class, releases::images).getMessage());
        assertEquals(notReady, assertThrows(StoreException.class, () -> records.get("k")).getMessage());
        assertEquals(notReady, assertThrows(StoreException.class, () -> records.put("k", "v")).getMessage());
        assertTrue(assertThrows(IllegalStateException.class, keys::globalKey).getMessage().endsWith(notReady));
    }

    @Test
    void withoutACodecOnlyTheTargetStoreFails() throws Exception {
        bindAll(new TestConfig(dir));
        records.put("k", "v");
        releases.putCurrentCommit(1, "aaa");
        keys.globalKey();
        StoreException e = assertThrows(StoreException.class, targets::targets);
        assertEquals("store not ready: no target-state codec yet", e.getMessage());
        assertThrows(StoreException.class, () -> targets.replaceTarget(TestTargets.simple("x"), "local"));

        TargetStateCodec first = new JacksonTargetStateCodec();
        targets.bindCodec(first);
        targets.replaceTarget(TestTargets.simple("x"), "local");
        // A greedy replacement: the new codec is bound before the old one is unbound.
        targets.bindCodec(new JacksonTargetStateCodec());
        targets.unbindCodec(first);
        assertEquals(TestTargets.simple("x"), targets.targets().get("local").target());
    }

    @Test
    void theDatabaseOpensOnBindStaysOpenAndServingWhileTheConfigurationIsAwayAndClosesOnDeactivate() throws Exception {
        TestConfig first = new TestConfig(dir);
        recordStore.bindConfig(first);
        assertTrue(Files.exists(file()), "opened (and created) when bound");
        records.put("k", "v");
        assertTrue(Files.exists(wal()), "open: SQLite keeps the WAL while a connection is open");

        // A greedy replacement: the new service is bound before the old one is unbound.
        TestConfig second = new TestConfig(dir);
        recordStore.bindConfig(second);
        recordStore.unbindConfig(first);
        assertTrue(Files.exists(wal()), "still open: the same data folder");
        assertEquals(Optional.of("v"), records.get("k"));

        // The configuration away (its bundle being replaced): the store keeps serving its open database, as the
        // data folder is the process's for its whole life (a 503 of the status route during a config update).
        recordStore.unbindConfig(second);
        assertEquals(Optional.of("v"), records.get("k"), "served while the configuration is away");
        assertTrue(Files.exists(wal()), "kept open while the configuration is away");

        recordStore.bindConfig(new TestConfig(dir));
        assertEquals(Optional.of("v"), records.get("k"));
        recordStore.deactivate();
        assertFalse(Files.exists(wal()), "closed: the last connection checkpointed and removed the WAL");
        StoreException stopped = assertThrows(StoreException.class, () -> records.get("k"));
        assertEquals("store not ready: the store component is stopping", stopped.getMessage());
    }

    @Test
    void theComponentsShareOneDatabaseThatTheLastToLetGoCloses() throws Exception {
        bindAll(new TestConfig(dir));
        assertEquals(4, SharedDatabases.SHARED.users(file()));
        records.put("k", "v");

        targets.deactivate();
        releases.deactivate();
        keys.deactivate();
        assertEquals(1, SharedDatabases.SHARED.users(file()));
        assertTrue(Files.exists(wal()), "still open for the record store");
        assertEquals(Optional.of("v"), records.get("k"));

        recordStore.deactivate();
        assertEquals(0, SharedDatabases.SHARED.users(file()));
        assertFalse(Files.exists(wal()), "closed with its last user");
    }

    @Test
    void aNewDataFolderMovesTheStoreThere() throws Exception {
        Path other = dir.resolve("other");
        recordStore.bindConfig(new TestConfig(dir));
        records.put("where", "first");

        recordStore.bindConfig(new TestConfig(other));
        assertFalse(Files.exists(wal()), "the first database was closed");
        assertTrue(Files.exists(other.resolve(Database.FILE_NAME)), "the new folder has its database");
        assertEquals(Optional.empty(), records.get("where"));
        records.put("where", "second");
        assertEquals(List.of(List.of("first")), TestFiles.rows(file(), "SELECT value FROM record"));
    }

    @Test
    void aFolderStaysOpenWhileAnotherComponentStillUsesIt() throws Exception {
        bindAll(new TestConfig(dir));
        releases.putCurrentCommit(1, "aaa");
        recordStore.bindConfig(new TestConfig(dir.resolve("other")));
        assertEquals(3, SharedDatabases.SHARED.users(file()));
        assertEquals(Map.of(1L, "aaa"), releases.currentCommits());
    }

    @Test
    void aDatabaseThatCannotOpenIsReportedByEveryCall() throws Exception {
        Path notAFolder = dir.resolve("file");
        Files.writeString(notAFolder, "a file where the data folder should be");
        recordStore.bindConfig(new TestConfig(notAFolder));
        StoreException e = assertThrows(StoreException.class, () -> records.get("k"));
        assertTrue(e.getMessage().startsWith("cannot create the folder of the database "), e.getMessage());
    }

    private void bindAll(TestConfig config) {
        targets.bindConfig(config);
        releases.bindConfig(config);
        recordStore.bindConfig(config);
        keys.bindConfig(config);
    }
}
