/**
 * Device API keys: the global key and the keys scoped to one app's service, and who a presented key belongs to.
 */
@Export
@Version("1.1.0")
package io.bosun.spi.keys;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
