package io.bosun.spi.reconcile;

/** Where one app stands on its way to the target. */
public enum AppPhase {
    /** The app runs its target; nothing is left to do. */
    SETTLED,
    /** Images of the target are being downloaded. */
    DOWNLOADING,
    /** Containers, volumes or networks are being changed. */
    APPLYING,
    /** The app holds update locks, so its containers are left as they are until the locks go. */
    LOCKED
}
