package io.bosun.spi.health;

/**
 * The outcome of a health check.
 *
 * @param healthy whether the criterion holds
 * @param reason why not, when unhealthy
 */
public record HealthResult(boolean healthy, String reason) {
    public static final HealthResult HEALTHY = new HealthResult(true, "");

    public static HealthResult unhealthy(String reason) {
        return new HealthResult(false, reason);
    }
}
