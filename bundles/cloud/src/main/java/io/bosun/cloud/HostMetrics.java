package io.bosun.cloud;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples the host's hardware metrics for the current state report (spec §2.4) straight from
 * procfs and sysfs. It runs every 10 s on small ARM boards, so it only reads a handful of small
 * files and never spawns a process; and since a missing metric must not cost the whole report,
 * {@link #sample()} never throws: whatever cannot be read is reported as null.
 *
 * <p>The roots are parameters so tests can point them at fixture trees; production passes
 * {@code /proc}, {@code /sys} and the data folder.
 */
final class HostMetrics {
    private static final long KIB_PER_MIB = 1024;
    private static final long BYTES_PER_MIB = 1024 * 1024;
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    private final Path procRoot;
    private final Path sysRoot;
    private final Path storagePath;

    /** CPU time counters of the previous sample; zero before the first, which thus measures since boot. */
    private long previousCpuTotal;
    private long previousCpuIdle;
    private Integer previousCpuUsage;

    HostMetrics(Path procRoot, Path sysRoot, Path storagePath) {
        this.procRoot = procRoot;
        this.sysRoot = sysRoot;
        this.storagePath = storagePath;
    }

    /** Reads every metric once; synchronized because the CPU figure depends on the previous call. */
    synchronized Metrics sample() {
        Integer[] memory = readOr(this::memoryUsageAndTotal, new Integer[2]);
        Integer[] storage = readOr(this::storageUsageAndTotal, new Integer[2]);
        return new Metrics(
                readOr(this::cpuUsage, null),
                memory[0], memory[1],
                storage[0], storage[1],
                readOr(this::storageBlockDevice, null),
                readOr(this::cpuTemperature, null),
                readOr(this::cpuId, null),
                readOr(this::isUndervolted, false));
    }

    private Integer cpuUsage() throws IOException {
        String line;
        try (BufferedReader reader = Files.newBufferedReader(procRoot.resolve("stat"), StandardCharsets.US_ASCII)) {
            line = reader.readLine(); // the aggregate "cpu" line comes first; the rest of the file is large
        }
        if (line == null || !line.startsWith("cpu ")) {
            return null;
        }
        String[] fields = line.trim().split("\\s+");
        // user nice system idle iowait irq softirq steal; guest and guest_nice that may follow are
        // already included in user and nice, so adding them would count that time twice.
        long total = 0;
        for (int i = 1; i <= 8 && i < fields.length; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
        long elapsed = total - previousCpuTotal;
        if (elapsed <= 0) {
            // No clock tick since the previous sample: there is no new information, not an idle CPU.
            return previousCpuUsage;
        }
        long busy = elapsed - (idle - previousCpuIdle);
        previousCpuTotal = total;
        previousCpuIdle = idle;
        previousCpuUsage = (int) Math.round(100.0 * Math.max(0, busy) / elapsed);
        return previousCpuUsage;
    }

    /**
     * balena reports "used" as used minus cache and buffers: memory that the kernel would hand back
     * to applications is not counted. MemAvailable is the kernel's own, better estimate of exactly
     * that (it also knows which part of the cache is not reclaimable), so used = MemTotal - MemAvailable.
     * Kernels older than 3.14 lack it, so fall back to balena's free + buffers + cached there.
     */
    private Integer[] memoryUsageAndTotal() throws IOException {
        Long total = null;
        Long available = null;
        long free = 0;
        long buffers = 0;
        long cached = 0;
        for (String line : Files.readAllLines(procRoot.resolve("meminfo"), StandardCharsets.US_ASCII)) {
            String[] fields = line.trim().split("[:\\s]+");
            if (fields.length < 2) {
                continue;
            }
            switch (fields[0]) { // only these are parsed, so an odd line elsewhere costs nothing
                case "MemTotal" -> total = Long.parseLong(fields[1]);
                case "MemAvailable" -> available = Long.parseLong(fields[1]);
                case "MemFree" -> free = Long.parseLong(fields[1]);
                case "Buffers" -> buffers = Long.parseLong(fields[1]);
                case "Cached" -> cached = Long.parseLong(fields[1]);
                default -> { }
            }
        }
        if (total == null) {
            return new Integer[2];
        }
        long reclaimable = available != null ? available : free + buffers + cached;
        return new Integer[] { mib(total - reclaimable, KIB_PER_MIB), mib(total, KIB_PER_MIB) };
    }

    private Integer[] storageUsageAndTotal() throws IOException {
        FileStore store = Files.getFileStore(storagePath);
        long total = store.getTotalSpace();
        long used = total - store.getUnallocatedSpace();
        return new Integer[] { mib(used, BYTES_PER_MIB), mib(total, BYTES_PER_MIB) };
    }

    /** The device of the innermost mount that holds the data folder, i.e. its longest containing mount point. */
    private String storageBlockDevice() throws IOException {
        Path target = resolvedStoragePath();
        String device = null;
        int longest = -1;
        for (String line : Files.readAllLines(procRoot.resolve("mounts"), StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2) {
                continue;
            }
            Path mountPoint = Path.of(unescapeMountField(fields[1]));
            int length = mountPoint.getNameCount();
            // ">=" because a later line for the same mount point is mounted over the earlier one.
            if (target.startsWith(mountPoint) && length >= longest) {
                device = unescapeMountField(fields[0]);
                longest = length;
            }
        }
        return device;
    }

    /** Symlinks are resolved when the folder exists, since the kernel lists mounts by their real path. */
    private Path resolvedStoragePath() {
        try {
            return storagePath.toRealPath();
        } catch (IOException | RuntimeException e) {
            return storagePath.toAbsolutePath().normalize();
        }
    }

    /** /proc/mounts escapes space, tab, newline and backslash as three-digit octal, e.g. {@code \040}. */
    private static String unescapeMountField(String field) {
        Matcher escape = OCTAL_ESCAPE.matcher(field);
        StringBuilder plain = new StringBuilder();
        while (escape.find()) {
            String character = String.valueOf((char) Integer.parseInt(escape.group(1), 8));
            escape.appendReplacement(plain, Matcher.quoteReplacement(character));
        }
        return escape.appendTail(plain).toString();
    }

    /** The hottest zone, since that is the one that throttles; zones that fail to read are skipped. */
    private Integer cpuTemperature() throws IOException {
        Long hottest = null;
        try (DirectoryStream<Path> zones = Files.newDirectoryStream(sysRoot.resolve("class/thermal"), "thermal_zone*")) {
            for (Path zone : zones) {
                Long milliCelsius = readOr(() -> Long.parseLong(Files.readString(zone.resolve("temp")).trim()), null);
                if (milliCelsius != null && (hottest == null || milliCelsius > hottest)) {
                    hottest = milliCelsius;
                }
            }
        }
        return hottest == null ? null : (int) Math.round(hottest / 1000.0);
    }

    /** The device tree is the authoritative source where there is one; older Pi kernels only have cpuinfo. */
    private String cpuId() throws IOException {
        String fromDeviceTree = readOr(() -> Files.readString(procRoot.resolve("device-tree/serial-number"),
                StandardCharsets.US_ASCII), null);
        String serial = fromDeviceTree == null ? null : fromDeviceTree.replace('\0', ' ').strip();
        if (serial != null && !serial.isEmpty()) {
            return serial;
        }
        Path cpuinfo = procRoot.resolve("cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return null;
        }
        for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals("Serial")) {
                String value = line.substring(colon + 1).strip();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /**
     * The Raspberry Pi firmware's throttling word, in hex; bit 0 is "under-voltage now" (the higher
     * bits record past events, which must not keep the flag raised). Other boards have no such file
     * and are reported as not under-volted, as balena does.
     */
    private Boolean isUndervolted() throws IOException {
        Path throttled = sysRoot.resolve("devices/platform/soc/soc:firmware/get_throttled");
        if (!Files.exists(throttled)) {
            return false;
        }
        String hex = Files.readString(throttled, StandardCharsets.US_ASCII).strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        return (Long.parseLong(hex, 16) & 1) != 0;
    }

    private static Integer mib(long amount, long unitsPerMib) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, amount) / unitsPerMib);
    }

    /** A reading that may fail in any of the ways a half-present /proc or /sys can make it fail. */
    @FunctionalInterface
    private interface Reading<T> {
        T read() throws IOException;
    }

    private static <T> T readOr(Reading<T> reading, T fallback) {
        try {
            T value = reading.read();
            return value != null ? value : fallback;
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }
}
