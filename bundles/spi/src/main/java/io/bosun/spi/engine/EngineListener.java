package io.bosun.spi.engine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A whiteboard service: the engine bundle calls every registered listener when the current state changes
 * (a container started, died or went away, an image or volume appeared), so a reconciler can react without
 * polling. Called on the engine's view thread: return quickly, and hand any engine call to another thread (the
 * engine's operations wait for that thread to take in their own change).
 */
@ConsumerType
public interface EngineListener {

    void changed(CurrentState state);
}
