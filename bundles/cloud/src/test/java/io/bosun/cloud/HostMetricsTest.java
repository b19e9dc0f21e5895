package io.bosun.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HostMetrics against fixture /proc and /sys trees built per test, plus one sanity check on the real host. */
class HostMetricsTest {
    /** A data folder that is not on this machine: only the mount table is consulted for it. */
    private static final Path BALENA_DATA = Path.of("/mnt/data/resin-data");

    @TempDir
    Path root;

    private Path proc() {
        return root.resolve("proc");
    }

    private Path sys() {
        return root.resolve("sys");
    }

    private HostMetrics metrics() {
        return new HostMetrics(proc(), sys(), BALENA_DATA);
    }

    private void write(Path base, String relative, String content) throws IOException {
        Path file = base.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void stat(String cpuLine) throws IOException {
        write(proc(), "stat", cpuLine + "\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 123 4 5 6\nbtime 1700000000\n");
    }

    @Test
    void cpuUsageIsTheNonIdleShareOfTheIntervalSinceThePreviousSample() throws IOException {
        HostMetrics host = metrics();
        stat("cpu  100 0 100 700 100 0 0 0 0 0");
        assertEquals(20, host.sample().cpuUsage(), "the first sample measures since boot: 200 busy of 1000");
        stat("cpu  400 0 200 1000 100 0 0 0 0 0");
        assertEquals(57, host.sample().cpuUsage(), "400 busy of 700 elapsed, iowait counted as idle");
    }

    @Test
    void iowaitCountsAsIdle() throws IOException {
        stat("cpu  0 0 100 100 800 0 0 0 0 0");
        assertEquals(10, metrics().sample().cpuUsage());
    }

    @Test
    void guestTimeIsNotCountedTwice() throws IOException {
        // guest (100) is already included in user (100): total 200, of which 100 idle.
        stat("cpu  100 0 0 100 0 0 0 0 100 0");
        assertEquals(50, metrics().sample().cpuUsage());
    }

    @Test
    void withoutAClockTickTheLastCpuUsageStands() throws IOException {
        HostMetrics host = metrics();
        stat("cpu  300 0 0 700 0 0 0 0 0 0");
        assertEquals(30, host.sample().cpuUsage());
        assertEquals(30, host.sample().cpuUsage());
    }

    @Test
    void memoryIsReportedInMibWithoutReclaimableMemory() throws IOException {
        write(proc(), "meminfo", """
                MemTotal:        1955344 kB
                MemFree:          612000 kB
                MemAvailable:    1547120 kB
                Buffers:           40000 kB
                Cached:           800000 kB
                SwapTotal:             0 kB
                HugePages_Total:       0
                """);
        Metrics sample = metrics().sample();
        assertEquals(1909, sample.memoryTotal(), "1955344 kB floored to MiB");
        assertEquals(398, sample.memoryUsage(), "(1955344 - 1547120) kB floored to MiB");
    }

    @Test
    void kernelsWithoutMemAvailableFallBackToFreeBuffersAndCache() throws IOException {
        write(proc(), "meminfo", """
                MemTotal:        1048576 kB
                MemFree:          524288 kB
                Buffers:          102400 kB
                Cached:           102400 kB
                """);
        Metrics sample = metrics().sample();
        assertEquals(1024, sample.memoryTotal());
        assertEquals(312, sample.memoryUsage());
    }

    @Test
    void theStorageDeviceIsThatOfTheLongestMountPointHoldingTheDataFolder() throws IOException {
        write(proc(), "mounts", """
                /dev/root / ext4 ro,relatime 0 0
                devtmpfs /dev devtmpfs rw 0 0
                /dev/mmcblk0p6 /mnt/data ext4 rw,relatime 0 0
                /dev/mmcblk0p1 /mnt/data2 vfat rw 0 0
                tmpfs /mnt/data/resin-data/tmp tmpfs rw 0 0
                """);
        assertEquals("/dev/mmcblk0p6", metrics().sample().storageBlockDevice(),
                "/mnt/data2 is not a parent of /mnt/data/resin-data, and the tmpfs is below it");
    }

    @Test
    void theLastMountOnTheSamePointWinsAndEscapesAreDecoded() throws IOException {
        write(proc(), "mounts", """
                /dev/root / ext4 ro 0 0
                /dev/sda1 /mnt/my\\040disk ext4 rw 0 0
                /dev/sdb1 /mnt/my\\040disk ext4 rw 0 0
                """);
        HostMetrics host = new HostMetrics(proc(), sys(), Path.of("/mnt/my disk/data"));
        assertEquals("/dev/sdb1", host.sample().storageBlockDevice());
    }

    @Test
    void withoutAContainingMountThereIsNoStorageDevice() throws IOException {
        write(proc(), "mounts", "/dev/sda1 /boot vfat rw 0 0\n");
        assertNull(metrics().sample().storageBlockDevice());
    }

    @Test
    void cpuTemperatureIsTheHottestZoneInWholeDegrees() throws IOException {
        write(sys(), "class/thermal/thermal_zone0/temp", "45123\n");
        write(sys(), "class/thermal/thermal_zone1/temp", "51600\n");
        write(sys(), "class/thermal/thermal_zone2/temp", "not a number\n");
        write(sys(), "class/thermal/cooling_device0/temp", "99000\n");
        assertEquals(52, metrics().sample().cpuTemp());
    }

    @Test
    void withoutThermalZonesThereIsNoTemperature() throws IOException {
        Files.createDirectories(sys().resolve("class/thermal"));
        assertNull(metrics().sample().cpuTemp());
    }

    @Test
    void theCpuIdComesFromTheDeviceTreeFirst() throws IOException {
        write(proc(), "device-tree/serial-number", "10000000abcdef\0");
        write(proc(), "cpuinfo", "processor\t: 0\nSerial\t\t: 00000000ffffffff\n");
        assertEquals("10000000abcdef", metrics().sample().cpuId());
    }

    @Test
    void theCpuIdFallsBackToTheCpuinfoSerial() throws IOException {
        write(proc(), "device-tree/serial-number", "\0");
        write(proc(), "cpuinfo", "processor\t: 0\nHardware\t: BCM2835\nSerial\t\t: 00000000ffffffff\nModel\t: Pi\n");
        assertEquals("00000000ffffffff", metrics().sample().cpuId());
    }

    @Test
    void withoutASerialThereIsNoCpuId() throws IOException {
        write(proc(), "cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\n");
        assertNull(metrics().sample().cpuId());
    }

    @ParameterizedTest(name = "get_throttled {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0x50005 | true
            50005   | true
            1       | true
            0x0     | false
            0       | false
            50000   | false
            garbage | false
            """)
    void underVoltageIsBitZeroOfThePiThrottlingWord(String word, boolean undervolted) throws IOException {
        write(sys(), "devices/platform/soc/soc:firmware/get_throttled", word + "\n");
        assertEquals(undervolted, metrics().sample().isUndervolted());
    }

    @Test
    void anEmptyHostYieldsNullsAndNoException() {
        Metrics sample = new HostMetrics(root.resolve("nothing"), root.resolve("nothing"), root.resolve("gone"))
                .sample();
        assertEquals(new Metrics(null, null, null, null, null, null, null, null, false), sample);
    }

    @Test
    void garbledFilesYieldNullsAndNoException() throws IOException {
        write(proc(), "stat", "cpu  a b c\n");
        write(proc(), "meminfo", "MemTotal: lots kB\n");
        write(proc(), "mounts", "");
        Files.createDirectories(proc().resolve("cpuinfo"));
        Files.createDirectories(sys().resolve("class/thermal/thermal_zone0/temp"));
        Metrics sample = metrics().sample();
        assertEquals(new Metrics(null, null, null, null, null, null, null, null, false), sample);
    }

    @Test
    void noneHasEveryFieldNull() {
        Metrics none = Metrics.none();
        assertEquals(List.of("cpu_usage", "memory_usage", "memory_total", "storage_usage", "storage_total",
                "storage_block_device", "cpu_temp", "cpu_id", "is_undervolted"), List.copyOf(none.fields().keySet()));
        assertTrue(none.fields().values().stream().allMatch(v -> v == null));
    }

    @Test
    void fieldsUseBalenaNamesInBalenaOrder() {
        Metrics metrics = new Metrics(12, 300, 1900, 900, 28000, "/dev/mmcblk0p6", 48, "10000000abcdef", true);
        assertEquals(Arrays.asList(12, 300, 1900, 900, 28000, "/dev/mmcblk0p6", 48, "10000000abcdef", true),
                List.copyOf(metrics.fields().values()));
        assertEquals(12, metrics.fields().get("cpu_usage"));
        assertEquals(true, metrics.fields().get("is_undervolted"));
    }

    @Test
    void theRealHostHasMemoryAndStorage(@TempDir Path data) {
        Metrics sample = new HostMetrics(Path.of("/proc"), Path.of("/sys"), data).sample();
        assertNotNull(sample.memoryTotal());
        assertTrue(sample.memoryTotal() > 0, sample.toString());
        assertNotNull(sample.storageTotal());
        assertTrue(sample.storageTotal() > 0, sample.toString());
        assertTrue(sample.storageUsage() <= sample.storageTotal(), sample.toString());
        assertFalse(sample.memoryUsage() > sample.memoryTotal(), sample.toString());
    }
}
