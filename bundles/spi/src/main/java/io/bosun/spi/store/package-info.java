/**
 * Durable state, by owner: the targets of each source ({@link io.bosun.spi.store.TargetStore}), the records of the
 * releases on the device ({@link io.bosun.spi.store.ReleaseRecords}) and each bundle's own records
 * ({@link io.bosun.spi.store.RecordStore}). Every write is atomic.
 */
@Export
@Version("2.0.0")
package io.bosun.spi.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
