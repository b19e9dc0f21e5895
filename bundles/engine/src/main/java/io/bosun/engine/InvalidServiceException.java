package io.bosun.engine;

/** A service's composition holds a value that cannot become a container setting; the message names it. */
final class InvalidServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidServiceException(String message) {
        super(message);
    }
}
