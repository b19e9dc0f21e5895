package io.bosun.store;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.store.ReleaseRecords;
import io.bosun.spi.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link ReleaseRecords} on the {@code image} and {@code current_commit} tables. Reads are answered from a copy
 * in memory (the device API reads them on every status call), loaded at the first read; each write goes to SQLite
 * first and replaces the copy once it committed.
 */
@Component(service = ReleaseRecords.class)
public final class ReleaseRecordsComponent implements ReleaseRecords {
    private final ConfiguredDatabase database = new ConfiguredDatabase("the release records");

    @Reference(name = "config", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(SupervisorConfig config) {
        database.bind(config);
    }

    void unbindConfig(SupervisorConfig config) {
        database.unbind(config);
    }

    @Deactivate
    void deactivate() {
        database.close();
    }

    /** The copy of the current database: another database (a new data folder) has its own. */
    private CachedTables<Releases> releases() throws StoreException {
        return database.database().cached(Releases.class, "the images and current commits", Releases::read);
    }

    @Override
    public List<ImageRecord> images() throws StoreException {
        return releases().read().images();
    }

    @Override
    public void putImage(ImageRecord image) throws StoreException {
        Objects.requireNonNull(image, "image");
        // An update in place keeps the record's first position in images().
        releases().write("record the image " + image.name(), c -> Sql.update(c, """
                INSERT INTO image (name, app_id, app_uuid, service_id, service_name, image_id, release_id,
                                   release_commit, docker_image_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name, app_uuid, service_name) DO UPDATE SET app_id = excluded.app_id,
                    service_id = excluded.service_id, image_id = excluded.image_id,
                    release_id = excluded.release_id, release_commit = excluded.release_commit,
                    docker_image_id = excluded.docker_image_id""", image.name(), image.appId(), image.appUuid(),
                image.serviceId(), image.serviceName(), image.imageId(), image.releaseId(), image.commit(),
                image.dockerImageId().orElse(null)));
    }

    @Override
    public int removeImages(String name) throws StoreException {
        Objects.requireNonNull(name, "name");
        return releases().write("remove the image " + name,
                c -> Sql.update(c, "DELETE FROM image WHERE name = ?", name));
    }

    @Override
    public Map<Long, String> currentCommits() throws StoreException {
        return releases().read().commits();
    }

    @Override
    public void putCurrentCommit(long appId, String commit) throws StoreException {
        Objects.requireNonNull(commit, "commit");
        releases().write("record the current commit of app " + appId, c -> Sql.update(c, """
                INSERT INTO current_commit (app_id, release_commit) VALUES (?, ?)
                ON CONFLICT (app_id) DO UPDATE SET release_commit = excluded.release_commit""", appId, commit));
    }

    @Override
    public void removeCurrentCommit(long appId) throws StoreException {
        releases().write("remove the current commit of app " + appId,
                c -> Sql.update(c, "DELETE FROM current_commit WHERE app_id = ?", appId));
    }
}
