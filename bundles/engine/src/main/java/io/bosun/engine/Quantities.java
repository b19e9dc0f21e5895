package io.bosun.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compose's sizes ({@code 64m}) and durations ({@code 1m30s}), as balena reads them. */
final class Quantities {
    private static final Pattern MEMORY = Pattern.compile("^(\\d+)([bkmg]?)b?$");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern DURATION = Pattern.compile("^(?:\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h))+$");

    private Quantities() {
    }

    /** Bytes, 1024-based; a plain number is bytes. Empty when the text is no size. */
    static Optional<Long> bytes(Object value) {
        if (value instanceof Number n) {
            return Optional.of(n.longValue());
        }
        Matcher m = MEMORY.matcher(value.toString().strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long number = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return Optional.of(number << shift);
    }

    /** Nanoseconds of a Go-style duration ({@code 1h2m3.5s}, {@code 500ms}); a plain number is seconds. */
    static Optional<Long> nanos(Object value) {
        if (value instanceof Number n) {
            return Optional.of((long) (n.doubleValue() * 1e9));
        }
        String text = value.toString().strip();
        if (!DURATION.matcher(text).matches()) {
            return Optional.empty();
        }
        double total = 0;
        Matcher m = DURATION_PART.matcher(text);
        while (m.find()) {
            double amount = Double.parseDouble(m.group(1));
            total += amount * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        return Optional.of((long) total);
    }
}
