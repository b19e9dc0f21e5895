package io.bosun.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The report diff rules of spec §2.4, one table per function. */
class ReportDiffTest {
    private static final String UUID = "a1b2c3";
    private static final String OTHER = "d4e5f6";

    /** A map literal that, unlike Map.of, keeps insertion order and accepts null values. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> apps(String serviceStatus) {
        return map("app1", map("release_uuid", "r1", "releases", map("r1", map("update_status", "done",
                "services", map("main", map("image", "img", "status", serviceStatus, "download_progress", null))))));
    }

    private static Map<String, Object> device(Object... fields) {
        return map(UUID, map(fields));
    }

    static Stream<Arguments> diffs() {
        return Stream.of(
                arguments("unchanged report sends nothing",
                        device("status", "Idle", "cpu_usage", 12, "apps", apps("Running")),
                        device("status", "Idle", "cpu_usage", 12, "apps", apps("Running")),
                        map()),
                arguments("only the changed top-level field is sent",
                        device("status", "Idle", "ip_address", "10.0.0.2", "cpu_usage", 12),
                        device("status", "Updating", "ip_address", "10.0.0.2", "cpu_usage", 12),
                        device("status", "Updating")),
                arguments("Integer and Long of the same value are equal",
                        device("api_port", 48484L, "cpu_usage", 12L),
                        device("api_port", 48484, "cpu_usage", 12),
                        map()),
                arguments("Double and Integer of the same value are equal",
                        device("memory_total", 1900.0),
                        device("memory_total", 1900),
                        map()),
                arguments("numbers of different value differ whatever their type",
                        device("cpu_usage", 12L),
                        device("cpu_usage", 13),
                        device("cpu_usage", 13)),
                arguments("apps is sent whole when one nested service status changes",
                        device("status", "Idle", "apps", apps("Installing")),
                        device("status", "Idle", "apps", apps("Running")),
                        device("apps", apps("Running"))),
                arguments("nested numbers are compared by value too",
                        device("apps", map("app1", map("releases", map("r1", map("services",
                                map("main", map("download_progress", 50L))))))),
                        device("apps", map("app1", map("releases", map("r1", map("services",
                                map("main", map("download_progress", 50))))))),
                        map()),
                arguments("lists are compared element by element",
                        device("tags", List.of(1L, "a", map("k", 2L))),
                        device("tags", List.of(1, "a", map("k", 2))),
                        map()),
                arguments("a list that changes is sent whole",
                        device("tags", List.of(1, 2)),
                        device("tags", List.of(1, 2, 3)),
                        device("tags", List.of(1, 2, 3))),
                arguments("a field gone from the current report is not sent",
                        device("status", "Idle", "logs_channel", "abc"),
                        device("status", "Idle"),
                        map()),
                arguments("a new field is sent",
                        device("status", "Idle"),
                        device("status", "Idle", "os_version", "balenaOS 2.88.5"),
                        device("os_version", "balenaOS 2.88.5")),
                arguments("a field new with a null value is sent",
                        device("status", "Idle"),
                        device("status", "Idle", "provisioning_progress", null),
                        device("provisioning_progress", null)),
                arguments("a value becoming null is sent",
                        device("cpu_temp", 48),
                        device("cpu_temp", null),
                        device("cpu_temp", null)),
                arguments("a null becoming a value is sent",
                        device("cpu_temp", null),
                        device("cpu_temp", 48),
                        device("cpu_temp", 48)),
                arguments("nothing sent yet sends everything",
                        map(),
                        device("status", "Idle", "apps", apps("Running")),
                        device("status", "Idle", "apps", apps("Running"))),
                arguments("an unchanged device is pruned, a changed one kept",
                        map(UUID, map("status", "Idle"), OTHER, map("status", "Idle")),
                        map(UUID, map("status", "Idle"), OTHER, map("status", "Downloading")),
                        map(OTHER, map("status", "Downloading"))),
                arguments("a device gone from the current report is not sent",
                        map(UUID, map("status", "Idle"), OTHER, map("status", "Idle")),
                        map(UUID, map("status", "Idle")),
                        map()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diffs")
    void diff(String rule, Map<String, Object> lastSent, Map<String, Object> current, Map<String, Object> expected) {
        assertEquals(expected, ReportDiff.diff(lastSent, current));
    }

    @Test
    void diffLeavesItsInputsAlone() {
        Map<String, Object> lastSent = device("status", "Idle");
        Map<String, Object> current = device("status", "Updating", "cpu_usage", 3);
        ReportDiff.diff(lastSent, current);
        assertEquals(device("status", "Idle"), lastSent);
        assertEquals(device("status", "Updating", "cpu_usage", 3), current);
    }

    static Stream<Arguments> metricsOnlyDiffs() {
        return Stream.of(
                arguments("cpu and memory only", device("cpu_usage", 40, "memory_usage", 310), true),
                arguments("every metric field", device("cpu_usage", 40, "memory_usage", 310, "memory_total", 1900,
                        "storage_usage", 900, "storage_total", 28000, "storage_block_device", "/dev/mmcblk0p6",
                        "cpu_temp", 50, "cpu_id", "10000000abcdef"), true),
                arguments("a metric turning null is still a metric", device("cpu_temp", null), true),
                arguments("is_undervolted is not a metric", device("is_undervolted", true), false),
                arguments("is_undervolted with metrics", device("cpu_usage", 40, "is_undervolted", true), false),
                arguments("status with metrics", device("status", "Idle", "cpu_usage", 40), false),
                arguments("apps alone", device("apps", apps("Running")), false),
                arguments("one of two devices has a non-metric change",
                        map(UUID, map("cpu_usage", 40), OTHER, map("ip_address", "10.0.0.3")), false),
                arguments("two devices with metrics only",
                        map(UUID, map("cpu_usage", 40), OTHER, map("cpu_temp", 55)), true),
                arguments("an empty diff changes nothing else either", map(), true));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("metricsOnlyDiffs")
    void onlyMetrics(String rule, Map<String, Object> diff, boolean onlyMetrics) {
        assertEquals(onlyMetrics, ReportDiff.onlyMetrics(diff));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} reports {3}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            cpu_usage            | 41             | 59             | 41
            cpu_usage            | 59             | 61             | 61
            cpu_usage            | 39             | 40             | 40
            cpu_usage            | 40             | 39             | 39
            cpu_usage            | 0              | 19             | 0
            cpu_temp             | 46             | 49             | 46
            cpu_temp             | 49             | 50             | 50
            cpu_temp             | 50             | 54             | 50
            memory_usage         | 301            | 309            | 301
            memory_usage         | 309            | 310            | 310
            memory_total         | 1909           | 1910           | 1910
            storage_usage        | 900            | 901            | 901
            storage_total        | 28000          | 28000          | 28000
            storage_block_device | /dev/mmcblk0p6 | /dev/sda1      | /dev/sda1
            cpu_id               | 10000000abcdef | 10000000abcdef | 10000000abcdef
            cpu_usage            | null           | 12             | 12
            cpu_usage            | 12             | null           | null
            cpu_temp             | null           | null           | null
            storage_block_device | /dev/sda1      | null           | null
            """)
    void onlySignificantMetricChangesAreKept(String metric, String last, String current, String reported) {
        Map<String, Object> result = ReportDiff.withSignificantMetrics(map(metric, json(last)), map(metric, json(current)));
        assertEquals(json(reported), result.get(metric));
    }

    /** Numbers in the table stand for JSON numbers, everything else for strings. */
    private static Object json(String cell) {
        return cell != null && cell.matches("\\d+") ? (Object) Integer.valueOf(cell) : cell;
    }

    @Test
    void bucketsCompareNumbersOfAnyType() {
        Map<String, Object> result = ReportDiff.withSignificantMetrics(map("cpu_usage", 41L), map("cpu_usage", 59));
        assertEquals(41L, result.get("cpu_usage"));
    }

    @Test
    void nonMetricFieldsAndIsUndervoltedAreNeverHeldBack() {
        Map<String, Object> last = map("status", "Idle", "is_undervolted", false, "cpu_usage", 41);
        Map<String, Object> current = map("status", "Updating", "is_undervolted", true, "cpu_usage", 45);
        assertEquals(map("status", "Updating", "is_undervolted", true, "cpu_usage", 41),
                ReportDiff.withSignificantMetrics(last, current));
    }

    @Test
    void withNothingSentYetEveryMetricIsKept() {
        Map<String, Object> current = map("cpu_usage", 45, "cpu_temp", 50);
        assertEquals(current, ReportDiff.withSignificantMetrics(null, current));
    }

    @Test
    void aMetricNeverSentBeforeIsKept() {
        assertEquals(map("status", "Idle", "cpu_temp", 50),
                ReportDiff.withSignificantMetrics(map("status", "Idle"), map("status", "Idle", "cpu_temp", 50)));
    }

    @Test
    void aMetricGoneFromTheCurrentReportIsNotBroughtBack() {
        assertEquals(map("status", "Idle"),
                ReportDiff.withSignificantMetrics(map("status", "Idle", "cpu_usage", 12), map("status", "Idle")));
    }

    @Test
    void withSignificantMetricsCopiesRatherThanModifies() {
        Map<String, Object> current = map("cpu_usage", 45);
        Map<String, Object> result = ReportDiff.withSignificantMetrics(map("cpu_usage", 41), current);
        assertEquals(map("cpu_usage", 45), current);
        assertEquals(map("cpu_usage", 41), result);
    }

    @Test
    void jitterWithinTheBucketsProducesNoReport() {
        Map<String, Object> lastSent = map("status", "Idle", "cpu_usage", 41, "cpu_temp", 46, "memory_usage", 301);
        Map<String, Object> current = map("status", "Idle", "cpu_usage", 58, "cpu_temp", 49, "memory_usage", 308);
        Map<String, Object> held = ReportDiff.withSignificantMetrics(lastSent, current);
        assertEquals(map(), ReportDiff.diff(map(UUID, lastSent), map(UUID, held)));
    }

    @Test
    void aSignificantMetricAloneMakesAMetricsOnlyReport() {
        Map<String, Object> lastSent = map("status", "Idle", "cpu_usage", 41, "cpu_temp", 46);
        Map<String, Object> current = map("status", "Idle", "cpu_usage", 61, "cpu_temp", 47);
        Map<String, Object> diff = ReportDiff.diff(map(UUID, lastSent),
                map(UUID, ReportDiff.withSignificantMetrics(lastSent, current)));
        assertEquals(device("cpu_usage", 61), diff);
        assertTrue(ReportDiff.onlyMetrics(diff));
        assertFalse(ReportDiff.onlyMetrics(device("cpu_usage", 61, "status", "Updating")));
    }
}
