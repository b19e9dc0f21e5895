package io.bosun.engine;

import io.bosun.spi.engine.EngineException.Kind;
import java.util.Locale;

/**
 * Which kind of failure an engine answer is. Most answers are told apart by their status; a pull's failures come
 * from the registry, which the engine passes on only as text, so those are read from the message.
 */
final class EngineErrors {
    private EngineErrors() {
    }

    static Kind kind(int status, String message, Kind notFound) {
        return switch (status) {
            case 404 -> notFound;
            case 409 -> Kind.NAME_CONFLICT;
            case 400 -> Kind.INVALID;
            default -> message.toLowerCase(Locale.ROOT).contains("exec format error") ? Kind.INVALID : Kind.OTHER;
        };
    }

    /** The kind of a failed pull, from the registry's words; {@code fallback} when they say nothing known. */
    static Kind ofPull(String message, Kind fallback) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("unauthorized") || m.contains("authentication required") || m.contains("no basic auth")
                || m.contains("denied")) {
            return Kind.REGISTRY_AUTH_FAILED;
        }
        if (m.contains("connection refused") || m.contains("no such host") || m.contains("i/o timeout")
                || m.contains("network is unreachable") || m.contains("dial tcp")
                || m.contains("server gave http response to https client")) {
            return Kind.REGISTRY_UNREACHABLE;
        }
        if (m.contains("manifest unknown") || m.contains("no such image") || m.contains("manifest for")
                || m.contains("repository does not exist")) {
            return Kind.IMAGE_NOT_FOUND;
        }
        return fallback;
    }
}
