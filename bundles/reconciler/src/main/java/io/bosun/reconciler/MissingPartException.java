package io.bosun.reconciler;

/** A service the reconciler needs (engine, store, locks, configuration) is not there, e.g. while it is updated. */
final class MissingPartException extends Exception {
    private static final long serialVersionUID = 1L;

    MissingPartException(String what) {
        super("waiting for " + what);
    }
}
