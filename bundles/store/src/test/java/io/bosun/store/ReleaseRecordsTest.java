package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ReleaseRecords component on a real file: what it keeps, and that reads come from its copy in memory. */
class ReleaseRecordsTest {
    @TempDir
    Path dir;

    final List<ReleaseRecordsComponent> opened = new ArrayList<>();
    ReleaseRecordsComponent records;

    @BeforeEach
    void open() {
        records = component();
    }

    @AfterEach
    void close() {
        opened.forEach(ReleaseRecordsComponent::deactivate);
    }

    ReleaseRecordsComponent component() {
        ReleaseRecordsComponent component = new ReleaseRecordsComponent();
        component.bindConfig(new TestConfig(dir));
        opened.add(component);
        return component;
    }

    /** Closes the file (this test's components are its only users) and opens it again: what a restart sees. */
    ReleaseRecordsComponent reopened() {
        close();
        opened.clear();
        open();
        return records;
    }

    Path file() {
        return dir.resolve(Database.FILE_NAME);
    }

    private static ImageRecord image(String name, String appUuid, String service, Optional<String> dockerId) {
        return new ImageRecord(name, 1, appUuid, 10, service, 20, 30, "commit1", dockerId);
    }

    @Test
    void aNewStoreHoldsNoImagesNorCommits() throws Exception {
        assertEquals(List.of(), records.images());
        assertEquals(Map.of(), records.currentCommits());
    }

    @Test
    void imagesKeepTheirOrderAndAreReplacedByNameAppAndService() throws Exception {
        ImageRecord main = image("registry/main:1", "app1", "main", Optional.empty());
        ImageRecord worker = image("registry/worker:1", "app1", "worker", Optional.of("sha256:aaa"));
        ImageRecord shared = image("registry/main:1", "app2", "main", Optional.of("sha256:bbb"));
        records.putImage(main);
        records.putImage(worker);
        records.putImage(shared);
        assertEquals(List.of(main, worker, shared), records.images());

        ImageRecord downloaded = new ImageRecord("registry/main:1", 7, "app1", 99, "main", 98, 97, "newcommit",
                Optional.of("sha256:ccc"));
        records.putImage(downloaded);
        assertEquals(List.of(downloaded, worker, shared), records.images(), "replaced in place, not added");
        assertEquals(List.of(downloaded, worker, shared), reopened().images());

        assertEquals(2, records.removeImages("registry/main:1"));
        assertEquals(0, records.removeImages("registry/main:1"));
        assertEquals(List.of(worker), records.images());
    }

    @Test
    void currentCommitsArePerApp() throws Exception {
        records.putCurrentCommit(2, "bbb");
        records.putCurrentCommit(1, "aaa");
        records.putCurrentCommit(2, "ccc");
        assertEquals(Map.of(1L, "aaa", 2L, "ccc"), records.currentCommits());
        records.removeCurrentCommit(1);
        assertEquals(Map.of(2L, "ccc"), records.currentCommits());
        assertEquals(Map.of(2L, "ccc"), reopened().currentCommits());
    }

    @Test
    void aWriteIsSeenByTheNextRead() throws Exception {
        assertEquals(List.of(), records.images(), "the copy is loaded, empty");
        assertEquals(Map.of(), records.currentCommits());
        ImageRecord main = image("registry/main:1", "app1", "main", Optional.empty());

        records.putImage(main);
        assertEquals(List.of(main), records.images());
        records.putCurrentCommit(1, "aaa");
        assertEquals(Map.of(1L, "aaa"), records.currentCommits());
        records.removeImages("registry/main:1");
        assertEquals(List.of(), records.images());
        records.removeCurrentCommit(1);
        assertEquals(Map.of(), records.currentCommits());
    }

    @Test
    void onceLoadedReadsAreAnsweredFromMemory() throws Exception {
        ImageRecord main = image("registry/main:1", "app1", "main", Optional.empty());
        records.putImage(main);
        records.putCurrentCommit(1, "aaa");
        assertEquals(List.of(main), records.images());

        // Behind the store's back: only a read of SQLite would see this.
        TestFiles.execute(file(), "DELETE FROM image", "DELETE FROM current_commit");
        assertEquals(List.of(main), records.images());
        assertEquals(Map.of(1L, "aaa"), records.currentCommits());
        assertEquals(List.of(), reopened().images(), "a reopened database starts from the file");
    }

    @Test
    void componentsOnOneDatabaseShareItsCopy() throws Exception {
        ReleaseRecordsComponent other = component();
        assertEquals(Map.of(), other.currentCommits(), "the other component loaded the copy");
        records.putCurrentCommit(1, "aaa");
        assertEquals(Map.of(1L, "aaa"), other.currentCommits());
    }

    @Test
    void aFailedWriteLeavesTheCopyAsStored() throws Exception {
        ImageRecord main = image("registry/main:1", "app1", "main", Optional.empty());
        records.putImage(main);
        TestFiles.execute(file(), "CREATE TRIGGER provoke BEFORE INSERT ON image WHEN NEW.name = 'boom' "
                + "BEGIN SELECT RAISE(ABORT, 'provoked failure'); END");

        StoreException e = assertThrows(StoreException.class,
                () -> records.putImage(image("boom", "app1", "boom", Optional.empty())));
        assertTrue(e.getMessage().startsWith("cannot record the image boom: "), e.getMessage());
        assertEquals(List.of(main), records.images());
        assertEquals(List.of(List.of("registry/main:1")), TestFiles.rows(file(), "SELECT name FROM image"));
    }
}
