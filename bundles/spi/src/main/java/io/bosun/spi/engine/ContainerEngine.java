package io.bosun.spi.engine;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The local container engine. The engine bundle implements it on Docker's API; operations that change the
 * engine are added with the reconciler's needs.
 */
@ProviderType
public interface ContainerEngine {

    /** Engine facts, asked of the engine (not cached). */
    EngineInfo info() throws EngineException;

    /**
     * What the engine runs for the supervisor now, from the engine bundle's event-driven view: cheap to call,
     * never a round of inspections.
     */
    CurrentState currentState() throws EngineException;
}
