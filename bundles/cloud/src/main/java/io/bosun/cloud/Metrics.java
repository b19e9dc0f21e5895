package io.bosun.cloud;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample of the host's hardware metrics, as the current state report carries them (spec §2.4).
 * A component is null when the host cannot provide it; the report then sends JSON null for it,
 * which is also what balena sends for every metric when hardware metrics are switched off.
 *
 * @param cpuUsage           whole percent of non-idle CPU time since the previous sample
 * @param memoryUsage        MiB in use, not counting reclaimable cache and buffers
 * @param memoryTotal        MiB of RAM
 * @param storageUsage       MiB used on the file system that holds the data folder
 * @param storageTotal       MiB size of that file system
 * @param storageBlockDevice the device that file system is mounted from, e.g. {@code /dev/mmcblk0p6}
 * @param cpuTemp            hottest thermal zone in whole °C
 * @param cpuId              the board's serial number
 * @param isUndervolted      whether the board reports under-voltage right now
 */
record Metrics(Integer cpuUsage, Integer memoryUsage, Integer memoryTotal, Integer storageUsage,
        Integer storageTotal, String storageBlockDevice, Integer cpuTemp, String cpuId, Boolean isUndervolted) {

    /** The metrics reported when hardware metrics are disabled: every field present, every value null. */
    static Metrics none() {
        return new Metrics(null, null, null, null, null, null, null, null, null);
    }

    /**
     * The report fields under balena's names, in balena's order. Nulls are kept (hence no
     * {@code Map.of}) because the report must send them as JSON null rather than omit them:
     * an omitted field would leave the cloud showing the last non-null value forever.
     */
    Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cpu_usage", cpuUsage);
        fields.put("memory_usage", memoryUsage);
        fields.put("memory_total", memoryTotal);
        fields.put("storage_usage", storageUsage);
        fields.put("storage_total", storageTotal);
        fields.put("storage_block_device", storageBlockDevice);
        fields.put("cpu_temp", cpuTemp);
        fields.put("cpu_id", cpuId);
        fields.put("is_undervolted", isUndervolted);
        return Collections.unmodifiableMap(fields);
    }
}
