package io.bosun.engine;

/** A resource limit of a container ({@code ulimits} in compose). */
record Ulimit(long soft, long hard) {
}
