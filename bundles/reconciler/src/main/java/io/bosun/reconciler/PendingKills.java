package io.bosun.reconciler;

import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoreException;
import java.util.Collection;
import java.util.Set;

/**
 * Kills under way, recorded before a container is stopped and cleared once it is removed. A kill is two engine
 * calls (stop, then remove); a supervisor killed between them leaves a stopped container that an equal target
 * would otherwise leave stopped for good (the engine does not restart what was stopped by hand). At the next start
 * such a container is finished off as dead, and its service created anew. Each change is one atomic store write.
 */
final class PendingKills {
    static final String KEY = "pending-kills";

    private final Records records;

    PendingKills(Records records) {
        this.records = records;
    }

    Set<String> read() throws StoreException {
        return records.members(KEY);
    }

    void add(String containerId) throws StoreException {
        records.addMember(KEY, containerId);
    }

    void remove(String containerId) throws StoreException {
        records.removeMember(KEY, containerId);
    }

    /** Forgets the kills of containers that are gone (their removal was done, the record was not cleared). */
    void retain(Collection<String> existing) throws StoreException {
        records.retainMembers(KEY, existing);
    }
}
