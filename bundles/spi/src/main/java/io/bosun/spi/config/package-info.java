/**
 * The supervisor's own settings and the device's identity, as the config bundle reads them at start.
 */
@Export
@Version("2.0.0")
package io.bosun.spi.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
