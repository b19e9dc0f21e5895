package io.bosun.spi.engine;

/** An engine operation failed; the message keeps the engine's own words. */
public class EngineException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Kind kind;

    public EngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** What went wrong, for callers that react differently (retry, give up, report). */
    public Kind kind() {
        return kind;
    }

    /** The kinds of failure callers tell apart. */
    public enum Kind {
        ENGINE_DOWN, IMAGE_NOT_FOUND, REGISTRY_UNREACHABLE, NAME_CONFLICT, NOT_FOUND, OTHER
    }
}
