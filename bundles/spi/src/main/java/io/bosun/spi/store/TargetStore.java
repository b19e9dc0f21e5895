package io.bosun.spi.store;

import io.bosun.spi.target.TargetState;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The targets each source gave, kept durably: one per source ({@code local} or the cloud endpoint), so a device in
 * local mode keeps the cloud's target for when it leaves. Every write is atomic and survives a crash or power loss
 * once the call returns. Only the bundle that decides which target runs writes here.
 */
@ProviderType
public interface TargetStore {

    /** Every stored target by source, oldest stored first. Decodes each document: read once, then kept. */
    Map<String, StoredTarget> targets() throws StoreException;

    /**
     * Replaces the target of one source in one transaction: afterwards the store holds this target whole for that
     * source, or, if the call fails or the process dies, the previous one whole. Other sources' targets are kept.
     *
     * @return the target as stored, with its sequence number
     */
    StoredTarget replaceTarget(TargetState target, String source) throws StoreException;

    /** Forgets the target of one source; nothing happens if there is none. */
    void removeTarget(String source) throws StoreException;
}
