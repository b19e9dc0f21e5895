package io.bosun.spi.locks;

/** An update cannot go on because locks are held; the API answers 423 with this message. */
public class UpdatesLockedException extends Exception {
    private static final long serialVersionUID = 1L;

    public UpdatesLockedException(String message) {
        super(message);
    }
}
