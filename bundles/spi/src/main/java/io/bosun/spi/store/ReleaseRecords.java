package io.bosun.spi.store;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the supervisor keeps about the releases on the device: the images it downloaded or registered, and the
 * commit each app last settled on. Reads are answered from memory (the device API reads them on every status
 * call); writes go to disk first.
 */
@ProviderType
public interface ReleaseRecords {

    /** The images the supervisor downloaded or registered, in the order they were recorded. */
    List<ImageRecord> images() throws StoreException;

    /** Records an image; a record with the same name, app and service is replaced in place. */
    void putImage(ImageRecord image) throws StoreException;

    /** Forgets every record of the image with this name; returns how many were removed. */
    int removeImages(String name) throws StoreException;

    /** The commit each app last settled on, by app id. */
    Map<Long, String> currentCommits() throws StoreException;

    /** Records the commit an app settled on. */
    void putCurrentCommit(long appId, String commit) throws StoreException;

    /** Forgets the commit of an app that is gone. */
    void removeCurrentCommit(long appId) throws StoreException;
}
