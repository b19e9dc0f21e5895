package io.bosun.spi.store;

import io.bosun.spi.target.TargetState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable supervisor state in one local database. Every write is atomic: it happens whole or not at all, and
 * survives a crash or power loss once the call returns. Readers never wait for a writer.
 */
@ProviderType
public interface StateStore {

    /**
     * The target stored last, from whichever source. A device runs the target of one source at a time: see
     * {@link LocalMode#target(io.bosun.spi.config.DeviceIdentity, StateStore)} for which.
     */
    Optional<StoredTarget> target() throws StoreException;

    /** The target stored for one source ({@code local} or a cloud endpoint), if that source ever gave one. */
    Optional<StoredTarget> target(String source) throws StoreException;

    /**
     * Replaces the target of one source in one transaction: afterwards the store holds this target whole for
     * that source, or, if the call fails or the process dies, the previous one whole. The targets of other
     * sources are kept (a device in local mode keeps the cloud's target for when it leaves).
     *
     * @param source where the target came from: {@code local} or the cloud API endpoint
     */
    void replaceTarget(TargetState target, String source) throws StoreException;

    /** Forgets the target of one source, with its apps; nothing happens if there is none. */
    void removeTarget(String source) throws StoreException;

    /** A supervisor key/value. */
    Optional<String> value(String key) throws StoreException;

    /** Sets a supervisor key/value. */
    void putValue(String key, String value) throws StoreException;

    /** Removes a supervisor key/value; nothing happens if it is absent. */
    void removeValue(String key) throws StoreException;

    /** The images the supervisor downloaded or registered, in the order they were recorded. */
    List<ImageRecord> images() throws StoreException;

    /** Records an image; a record with the same name, app and service is replaced. */
    void putImage(ImageRecord image) throws StoreException;

    /** Forgets every record of the image with this name; returns how many were removed. */
    int removeImages(String name) throws StoreException;

    /** The commit each app last settled on, by app id. */
    Map<Long, String> currentCommits() throws StoreException;

    /** Records the commit an app settled on. */
    void putCurrentCommit(long appId, String commit) throws StoreException;

    /** Forgets the commit of an app that is gone. */
    void removeCurrentCommit(long appId) throws StoreException;

    /** Every stored API key. */
    List<ApiKey> apiKeys() throws StoreException;

    /** Stores a key, replacing the one with the same app id and service name. */
    void putApiKey(ApiKey key) throws StoreException;

    /** Removes the key of an app's service ({@code serviceName} empty for the app-wide key). */
    void removeApiKey(long appId, Optional<String> serviceName) throws StoreException;

    /** The engine snapshot taken on entering local mode, if one was taken. */
    Optional<EngineSnapshot> engineSnapshot() throws StoreException;

    /** Stores the engine snapshot, replacing any earlier one. */
    void putEngineSnapshot(String json, Instant takenAt) throws StoreException;

    /** Forgets the engine snapshot (local mode was left); nothing happens if there is none. */
    void removeEngineSnapshot() throws StoreException;

    /** The device configuration target (variable name to value), empty if none was stored. */
    Map<String, String> deviceConfigTarget() throws StoreException;

    /** Replaces the device configuration target. */
    void putDeviceConfigTarget(Map<String, String> values) throws StoreException;
}
