/**
 * The target state: what a device should run. A v3 document as the cloud sends it (and the v2 local
 * form, converted), after validation and normalisation. Records are immutable; maps keep document order.
 */
@Export
@Version("2.0.0")
package io.bosun.spi.target;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
