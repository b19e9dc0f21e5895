/**
 * Health checks: each says whether one part of the supervisor is healthy; /v1/healthy asks them all.
 */
@Export
@Version("1.0.0")
package io.bosun.spi.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
