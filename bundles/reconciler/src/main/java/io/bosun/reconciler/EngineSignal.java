package io.bosun.reconciler;

/** Counts engine changes, so a waiting run wakes on the next one instead of sleeping a fixed time. */
final class EngineSignal {
    private long version;

    synchronized void changed() {
        version++;
        notifyAll();
    }

    synchronized long version() {
        return version;
    }

    /** Waits until a change after {@code seen}, at most {@code maxMillis}. */
    synchronized void awaitChange(long seen, long maxMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMillis;
        while (version == seen) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
