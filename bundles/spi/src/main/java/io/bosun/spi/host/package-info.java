/**
 * Control of the host the supervisor runs on: reboot and power-off.
 */
@Export
@Version("1.0.0")
package io.bosun.spi.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
