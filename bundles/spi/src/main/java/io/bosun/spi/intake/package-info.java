/**
 * Where targets come in (the local API, the cloud, a preload file, the updater) and which one the device runs.
 */
@Export
@Version("1.1.0")
package io.bosun.spi.intake;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
