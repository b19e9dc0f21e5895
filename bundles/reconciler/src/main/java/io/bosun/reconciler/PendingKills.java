package io.bosun.reconciler;

import io.bosun.spi.store.StateStore;
import io.bosun.spi.store.StoreException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kills under way, written to the store before a container is stopped and cleared once it is removed. A kill
 * is two engine calls (stop, then remove); a supervisor killed between them leaves a stopped container that an
 * equal target would otherwise leave stopped for good (the engine does not restart what was stopped by hand).
 * At the next start such a container is finished off as dead, and its service created anew.
 */
final class PendingKills {
    static final String KEY = "reconciler.pending-kills";

    private PendingKills() {
    }

    static synchronized Set<String> read(StateStore store) throws StoreException {
        Set<String> ids = new TreeSet<>();
        store.value(KEY).ifPresent(v -> Arrays.stream(v.split(",")).filter(s -> !s.isBlank()).forEach(ids::add));
        return ids;
    }

    static synchronized void add(StateStore store, String containerId) throws StoreException {
        Set<String> ids = read(store);
        if (ids.add(containerId)) {
            write(store, ids);
        }
    }

    static synchronized void remove(StateStore store, String containerId) throws StoreException {
        Set<String> ids = read(store);
        if (ids.remove(containerId)) {
            write(store, ids);
        }
    }

    /** Forgets the kills of containers that are gone (their removal was done, the record was not cleared). */
    static synchronized void retain(StateStore store, Set<String> existing) throws StoreException {
        Set<String> ids = read(store);
        if (ids.retainAll(existing)) {
            write(store, ids);
        }
    }

    private static void write(StateStore store, Set<String> ids) throws StoreException {
        if (ids.isEmpty()) {
            store.removeValue(KEY);
        } else {
            store.putValue(KEY, String.join(",", ids));
        }
    }
}
