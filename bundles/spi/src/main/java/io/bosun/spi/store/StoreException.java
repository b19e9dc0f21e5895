package io.bosun.spi.store;

/** The store could not read or write; nothing was changed by a failed write. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
