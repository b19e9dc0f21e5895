package io.bosun.spi.reconcile;

/**
 * How to apply a target.
 *
 * @param force take over app-held update locks
 * @param cancel cancel the apply in progress (including pulls) instead of queueing behind it
 */
public record ApplyOptions(boolean force, boolean cancel) {
    public static final ApplyOptions DEFAULT = new ApplyOptions(false, true);
}
