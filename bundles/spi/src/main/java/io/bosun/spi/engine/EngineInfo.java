package io.bosun.spi.engine;

/**
 * Facts about the engine.
 *
 * @param version the engine version (e.g. {@code 20.10.24})
 * @param apiVersion the engine API version in use (e.g. {@code 1.41})
 * @param arch the engine's architecture (e.g. {@code amd64})
 */
public record EngineInfo(String version, String apiVersion, String arch) {
}
