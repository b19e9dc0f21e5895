package io.bosun.spi.engine;

/** An engine operation failed; the message keeps the engine's own words. */
public class EngineException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Kind kind;

    public EngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public EngineException(Kind kind, String message) {
        this(kind, message, null);
    }

    /** What went wrong, for callers that react differently (retry, give up, report). */
    public Kind kind() {
        return kind;
    }

    /** The kinds of failure callers tell apart. */
    public enum Kind {
        /** The engine does not answer. */
        ENGINE_DOWN,
        /** The image is not on the device, or the registry does not have it. */
        IMAGE_NOT_FOUND,
        /** The registry cannot be reached. */
        REGISTRY_UNREACHABLE,
        /** The registry refused the credentials. */
        REGISTRY_AUTH_FAILED,
        /** A container, volume or network of that name exists already (with another configuration). */
        NAME_CONFLICT,
        /** The container, volume or network is not there. */
        NOT_FOUND,
        /** The request was refused as invalid (a bad option, an image for another architecture). */
        INVALID,
        /** Anything else. */
        OTHER
    }
}
