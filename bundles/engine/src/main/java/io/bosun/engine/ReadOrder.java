package io.bosun.engine;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The order of container inspections, so that an answer overtaken by a newer one for the same container (a
 * caller's read overtaken by an event's) is dropped. Each inspection is numbered when it begins; the number of the
 * last one taken in is kept for every container the view holds, and for the last {@link #REMOVED_KEPT} removed
 * ones, so that a slow inspection that began before a removal cannot bring the container back. Older removals are
 * summed up by one floor: an inspection that began before the newest forgotten removal is older news. What is kept
 * is bounded by the containers present plus a constant, however many containers the engine ever ran.
 *
 * <p>Not thread-safe: the view's actor owns it, like the maps it guards.
 */
final class ReadOrder {
    static final int REMOVED_KEPT = 1024;

    private final int removedKept;
    private final Map<String, Long> present = new HashMap<>();
    private final LinkedHashMap<String, Long> removed = new LinkedHashMap<>();
    private long floor;

    ReadOrder() {
        this(REMOVED_KEPT);
    }

    ReadOrder(int removedKept) {
        this.removedKept = removedKept;
    }

    /**
     * Whether the answer of inspection {@code read} of container {@code id} is news: it began after the last one
     * taken in. When it is, it becomes the last one taken in.
     *
     * @param exists whether the answer shows the container (else it is gone)
     */
    boolean admit(String id, long read, boolean exists) {
        Long last = present.containsKey(id) ? present.get(id) : removed.get(id);
        if (last == null ? read <= floor : last > read) {
            return false;
        }
        if (exists) {
            removed.remove(id);
            present.put(id, read);
        } else {
            present.remove(id);
            removed.remove(id);
            removed.put(id, read);
            forgetOldestRemovals();
        }
        return true;
    }

    /** Everything is read anew: no earlier number counts any more. */
    void clear() {
        present.clear();
        removed.clear();
        floor = 0;
    }

    /** How many containers are remembered (present and removed). */
    int size() {
        return present.size() + removed.size();
    }

    private void forgetOldestRemovals() {
        for (Iterator<Map.Entry<String, Long>> oldest = removed.entrySet().iterator();
                removed.size() > removedKept && oldest.hasNext();) {
            floor = Math.max(floor, oldest.next().getValue());
            oldest.remove();
        }
    }
}
