/**
 * Log records (system messages and service output) and the sinks that receive them.
 */
@Export
@Version("1.1.0")
package io.bosun.spi.logs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
