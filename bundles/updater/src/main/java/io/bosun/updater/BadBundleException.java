package io.bosun.updater;

/** A jar the updater refuses, with the fault named for the caller (the device API answers it with a 400). */
final class BadBundleException extends Exception {
    private static final long serialVersionUID = 1L;

    BadBundleException(String message) {
        super(message);
    }
}
