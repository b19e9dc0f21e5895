package io.bosun.reconciler;

import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoreException;
import io.bosun.support.balena.DeviceVariables;
import java.util.Map;

/**
 * The device configuration variables the device runs (spec §6.2), kept in the device's shared records
 * ({@link io.bosun.spi.store.RecordStore#CONFIG}): a target that
 * changes one is logged as balena logs its {@code changeConfig} step, and an invalid value is warned about and
 * read as its default. Nothing else happens here: the bundles that act on a variable (the cloud connector, the
 * apply loop) read it from the target they follow.
 */
final class DeviceConfigChanges {
    private final Records records;
    private final SystemLog log;

    DeviceConfigChanges(Records records, SystemLog log) {
        this.records = records;
        this.log = log;
    }

    /** Applies the target's variables: logs and records a change, if there is one. */
    void apply(Map<String, String> targetConfig) throws StoreException {
        DeviceVariables.Reading reading = DeviceVariables.read(targetConfig);
        Map<String, String> changes = DeviceVariables.changes(records.entries(RecordStore.CONFIG), reading.values());
        if (changes.isEmpty()) {
            return;
        }
        reading.warnings().forEach(log::info);
        String json = DeviceVariables.json(changes);
        log.info("Applying configuration change " + json);
        try {
            records.putEntries(RecordStore.CONFIG, reading.values());
        } catch (StoreException | RuntimeException e) {
            log.error("Error applying configuration change: " + e.getMessage());
            throw e;
        }
        log.info("Applied configuration change " + json);
    }
}
