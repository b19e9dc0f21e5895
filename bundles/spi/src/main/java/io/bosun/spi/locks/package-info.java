/**
 * Update locks: the files that let an app hold off kills and restarts, and the supervisor's own locks.
 */
@Export
@Version("1.2.0")
package io.bosun.spi.locks;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
