/**
 * Durable state: stored targets and supervisor key/values, replaced atomically.
 */
@Export
@Version("1.1.0")
package io.bosun.spi.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
