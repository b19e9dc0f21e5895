package io.bosun.cloud;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules that decide what of the current state report is actually sent (spec §2.4). The report
 * is {@code {"<deviceUuid>": {field: value, ..., "apps": {...}}}} and only its changes against the
 * last report that was successfully sent go over the wire, to spare the metered links devices often
 * sit behind. Pure functions over JSON-like trees (maps, lists, strings, numbers, booleans, nulls);
 * results share their values with the inputs, which are never modified.
 */
final class ReportDiff {
    /** Fields that alone do not justify a report more often than every 300 s; is_undervolted is not one. */
    private static final Set<String> METRIC_FIELDS = Set.of("cpu_usage", "memory_usage", "memory_total",
            "storage_usage", "storage_total", "storage_block_device", "cpu_temp", "cpu_id");

    /** Width of the band a metric must leave before its new value is worth reporting. */
    private static final Map<String, Integer> METRIC_BUCKETS = Map.of("cpu_usage", 20, "cpu_temp", 5, "memory_usage", 10);

    private ReportDiff() {
    }

    /**
     * Per device, the top-level fields of {@code current} whose value differs from {@code lastSent};
     * a nested object such as {@code apps} is sent whole because the cloud replaces it whole. Fields
     * missing from {@code current} are not sent, as the cloud has no way to delete one. Devices
     * without changes are left out, so an empty result means there is nothing to send.
     */
    static Map<String, Object> diff(Map<String, Object> lastSent, Map<String, Object> current) {
        Map<String, Object> changes = new LinkedHashMap<>();
        current.forEach((uuid, currentDevice) -> {
            Object lastDevice = lastSent.get(uuid);
            if (currentDevice instanceof Map<?, ?> currentFields) {
                Map<String, Object> changedFields = changedFields(lastDevice instanceof Map<?, ?> m ? m : Map.of(),
                        currentFields);
                if (!changedFields.isEmpty()) {
                    changes.put(uuid, changedFields);
                }
            } else if (!lastSent.containsKey(uuid) || !deepEquals(lastDevice, currentDevice)) {
                changes.put(uuid, currentDevice);
            }
        });
        return changes;
    }

    private static Map<String, Object> changedFields(Map<?, ?> lastFields, Map<?, ?> currentFields) {
        Map<String, Object> changed = new LinkedHashMap<>();
        currentFields.forEach((name, value) -> {
            // containsKey, not get: a field going from absent to null is news to the cloud.
            if (!lastFields.containsKey(name) || !deepEquals(lastFields.get(name), value)) {
                changed.put(String.valueOf(name), value);
            }
        });
        return changed;
    }

    /**
     * Whether a diff changes nothing but metrics, which balena sends at most every 300 s (the caller
     * keeps the time). An empty diff counts as metrics-only: it changes nothing else either.
     */
    static boolean onlyMetrics(Map<String, Object> diff) {
        for (Object device : diff.values()) {
            if (!(device instanceof Map<?, ?> fields) || !METRIC_FIELDS.containsAll(fields.keySet())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A copy of {@code currentDevice} in which each metric that moved only within its noise band
     * since {@code lastSentDevice} carries the last sent value again, so that {@link #diff} does not
     * see it and a jittering CPU figure does not cause a report every 300 s. With nothing sent yet
     * ({@code lastSentDevice} null) every value is new.
     */
    static Map<String, Object> withSignificantMetrics(Map<String, Object> lastSentDevice,
            Map<String, Object> currentDevice) {
        Map<String, Object> result = new LinkedHashMap<>(currentDevice);
        if (lastSentDevice == null) {
            return result;
        }
        for (String metric : METRIC_FIELDS) {
            if (currentDevice.containsKey(metric) && lastSentDevice.containsKey(metric)) {
                Object last = lastSentDevice.get(metric);
                if (!isSignificant(metric, last, currentDevice.get(metric))) {
                    result.put(metric, last);
                }
            }
        }
        return result;
    }

    private static boolean isSignificant(String metric, Object last, Object current) {
        if (last == null || current == null) {
            return last != current;
        }
        Integer bucket = METRIC_BUCKETS.get(metric);
        if (bucket != null && last instanceof Number l && current instanceof Number c) {
            return Math.floor(l.doubleValue() / bucket) != Math.floor(c.doubleValue() / bucket);
        }
        return !deepEquals(last, current);
    }

    /**
     * JSON equality: numbers by value whatever their Java type, because a report read back from the
     * cache holds Longs or Doubles where the freshly built one holds Integers.
     */
    static boolean deepEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return numbersEqual(x, y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : x.entrySet()) {
                if (!y.containsKey(entry.getKey()) || !deepEquals(entry.getValue(), y.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!deepEquals(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static boolean numbersEqual(Number x, Number y) {
        if (isIntegral(x) && isIntegral(y) && !(x instanceof BigInteger) && !(y instanceof BigInteger)) {
            return x.longValue() == y.longValue();
        }
        BigDecimal dx = asDecimal(x);
        BigDecimal dy = asDecimal(y);
        if (dx == null || dy == null) {
            // NaN or infinity have no decimal form; JSON cannot carry them anyway.
            return Double.valueOf(x.doubleValue()).equals(y.doubleValue());
        }
        return dx.compareTo(dy) == 0;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger;
    }

    private static BigDecimal asDecimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (isIntegral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        double d = n.doubleValue();
        return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
    }
}
