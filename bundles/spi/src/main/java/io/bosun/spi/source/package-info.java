/**
 * Where targets come from (the cloud, the local API, a preload file) and how they are announced.
 */
@Export
@Version("1.0.0")
package io.bosun.spi.source;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
