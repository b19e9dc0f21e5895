package io.bosun.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * balena's NumericIdentifier: a non-negative integer given as a JSON number or as a string. balena tests a string
 * with JavaScript's {@code +s === parseInt(s, 10)}, so it also takes {@code " 12"}, {@code "+5"}, {@code "007"},
 * {@code "1.0"} and {@code "10e0"}, and refuses {@code "1e3"}, {@code "0x10"} and {@code ""}; this class gives the
 * same answers. Bosun adds one bound: values above 2^53-1, which JavaScript cannot hold exactly, are refused.
 */
final class NumericIdentifiers {
    static final long MAX = 9_007_199_254_740_991L;
    static final String RULE = "must be a non-negative integer (at most " + MAX + "), as a number or a string";

    private static final BigDecimal MAX_DECIMAL = BigDecimal.valueOf(MAX);
    /** What JavaScript's Number() takes as a decimal literal (after trimming). */
    private static final Pattern JS_DECIMAL = Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    /** The prefix JavaScript's parseInt(s, 10) reads. */
    private static final Pattern JS_PARSE_INT_PREFIX = Pattern.compile("[+-]?[0-9]+");

    private NumericIdentifiers() {
    }

    static OptionalLong parse(JsonNode node) {
        BigDecimal value = null;
        if (node.isIntegralNumber()) {
            value = new BigDecimal(node.bigIntegerValue());
        } else if (node.isNumber()) {
            value = floatingValue(node);
        } else if (node.isTextual()) {
            value = fromJavaScriptString(node.textValue());
        }
        return toIdentifier(value);
    }

    static OptionalLong parse(String text) {
        return toIdentifier(fromJavaScriptString(text));
    }

    private static BigDecimal floatingValue(JsonNode node) {
        if (node.isBigDecimal()) {
            return node.decimalValue();
        }
        double d = node.doubleValue();
        return Double.isFinite(d) ? new BigDecimal(d) : null;
    }

    private static OptionalLong toIdentifier(BigDecimal value) {
        // Compare before converting: an exponent like 1e999999999 must not be expanded.
        if (value == null || value.signum() < 0 || value.compareTo(MAX_DECIMAL) > 0) {
            return OptionalLong.empty();
        }
        if (value.signum() == 0) {
            return OptionalLong.of(0);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(stripped.longValueExact());
    }

    /** The number both Number(s) and parseInt(s, 10) read from {@code s}, or null when they disagree. */
    private static BigDecimal fromJavaScriptString(String raw) {
        String s = trimJavaScriptWhitespace(raw);
        if (!JS_DECIMAL.matcher(s).matches()) {
            return null;
        }
        Matcher prefix = JS_PARSE_INT_PREFIX.matcher(s);
        if (!prefix.lookingAt()) {
            return null;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(s);
        } catch (NumberFormatException | ArithmeticException e) {
            return null; // exponent out of range: Infinity or 0 for JavaScript, never equal to parseInt
        }
        BigDecimal parsedInt = new BigDecimal(new BigInteger(prefix.group()));
        return number.compareTo(parsedInt) == 0 ? number : null;
    }

    private static String trimJavaScriptWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isJavaScriptWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isJavaScriptWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isJavaScriptWhitespace(char c) {
        return c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == ' ' || c == '\u00A0'
                || c == '\uFEFF' || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.SPACE_SEPARATOR;
    }
}
