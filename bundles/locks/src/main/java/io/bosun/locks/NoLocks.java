package io.bosun.locks;

import io.bosun.spi.locks.HeldLocks;

/** The held locks of an app that has no lock folder: nothing to lock, so nothing (not even a permit) is held. */
record NoLocks(long appId) implements HeldLocks {
    @Override
    public void close() {
        // Nothing was taken.
    }
}
