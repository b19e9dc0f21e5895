package io.bosun.reconciler;

import io.bosun.spi.cloud.PullCredentials;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.ReleaseRecords;
import java.util.Optional;

/**
 * The services one run works with, taken together at its start: a provider updated mid-run is picked up by the
 * next run, never half-way through one.
 */
record Parts(ContainerEngine engine, ReleaseRecords releases, RecordStore records, UpdateLocks locks,
        SupervisorConfig config, Optional<ApiKeys> keys,
        Optional<PullCredentials> credentials) {

    /** The reconciler's own records. */
    static final String NAMESPACE = "reconciler";
}
