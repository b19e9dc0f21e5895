package io.bosun.engine;

import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.engine.EngineListener;
import java.nio.file.Path;

/**
 * The engine bundle's component wired to the test bed's engine (scripts/testbed.sh), for the logs bundle's
 * tests: in the engine's package, because its classes are package-private. Listeners are added as SCR would.
 */
public final class TestBedEngine {
    private TestBedEngine() {
    }

    /** The engine test bed's own engine component ({@link TestBed#engine}), as the engine bundle's tests use it. */
    public static ContainerEngine open(Path dataDir) {
        return TestBed.engine(dataDir);
    }

    public static void addListener(ContainerEngine engine, EngineListener listener) {
        ((DockerEngine) engine).addListener(listener);
    }

    public static void removeListener(ContainerEngine engine, EngineListener listener) {
        ((DockerEngine) engine).removeListener(listener);
    }

    public static void close(ContainerEngine engine) {
        ((DockerEngine) engine).deactivate();
    }
}
