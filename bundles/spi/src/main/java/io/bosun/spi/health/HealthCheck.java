package io.bosun.spi.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One health criterion (whiteboard). {@code GET /v1/healthy} answers 200 only when every registered check is
 * healthy. Vendors may register their own.
 */
@ConsumerType
public interface HealthCheck {

    /** The check's name, used in logs when it fails. */
    String name();

    /** Runs the check; must answer quickly and never block on the network. */
    HealthResult check();
}
