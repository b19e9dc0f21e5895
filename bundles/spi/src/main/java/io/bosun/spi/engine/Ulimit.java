package io.bosun.spi.engine;

/** A resource limit of a container ({@code ulimits} in compose). */
public record Ulimit(long soft, long hard) {
}
