/**
 * The container engine as Bosun sees it: what runs on the device (the current state) and the operations on it.
 */
@Export
@Version("2.1.0")
package io.bosun.spi.engine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
