/**
 * The reconciler: moves the device from its current state to its target state.
 */
@Export
@Version("2.0.0")
package io.bosun.spi.reconcile;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
