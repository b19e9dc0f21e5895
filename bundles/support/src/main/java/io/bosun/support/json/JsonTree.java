package io.bosun.support.json;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON documents as plain Java values, for the few that are read before any JSON library is wanted
 * ({@code config.json} at start: loading Jackson for it cost about a fifth of the start, docs/footprint.md).
 * Objects are {@link LinkedHashMap}s in the text's order, arrays {@link ArrayList}s, strings {@link String}s,
 * whole numbers {@link Long} (or {@link BigInteger} beyond it), other numbers {@link Double}, {@code true} and
 * {@code false} {@link Boolean}s, and {@code null} Java's null. Strict RFC 8259: one value, nothing after it.
 */
public final class JsonTree {
    private final String text;
    private int at;

    private JsonTree(String text) {
        this.text = text;
    }

    /** A text that is no JSON, with where it stops being JSON (1-based line and column). */
    public static final class SyntaxError extends IOException {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;

        SyntaxError(String message, int line, int column) {
            super(message + " at line " + line + ", column " + column);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    /** The value the text holds; a text of only white space holds none: {@code null} is returned, as for "null". */
    public static Object parse(String text) throws SyntaxError {
        JsonTree parser = new JsonTree(text);
        parser.skipSpace();
        if (parser.at == text.length()) {
            return null;
        }
        Object value = parser.value(0);
        parser.skipSpace();
        if (parser.at != text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.at) + "' after the value");
        }
        return value;
    }

    /** Whether the text is only white space (no value at all), as opposed to a {@code null} value. */
    public static boolean isBlank(String text) {
        return text.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\r');
    }

    /** The value written on one line, with no spaces. */
    public static String compact(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, -1);
        return out.toString();
    }

    /**
     * The value written for people: each field of an object on its own line, indented by two spaces, {@code " : "}
     * between name and value, arrays on one line ({@code [ 1, 2 ]}), empty ones as {@code { }} and {@code [ ]}.
     * This is the layout Jackson's default pretty printer gives, so files written before keep their look.
     */
    public static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    private static final int MAX_DEPTH = 500;

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        if (at >= text.length()) {
            throw error("unexpected end of the text");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected '" + c + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) throws SyntaxError {
        at++;
        Map<String, Object> fields = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            at++;
            return fields;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a field name in quotes");
            }
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            fields.put(name, value(depth + 1));
            skipSpace();
            char next = peek();
            at++;
            if (next == '}') {
                return fields;
            }
            if (next != ',') {
                at--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws SyntaxError {
        at++;
        List<Object> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            at++;
            return items;
        }
        while (true) {
            skipSpace();
            items.add(value(depth + 1));
            skipSpace();
            char next = peek();
            at++;
            if (next == ']') {
                return items;
            }
            if (next != ',') {
                at--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws SyntaxError {
        at++;
        StringBuilder out = null;
        int start = at;
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at);
            if (c == '"') {
                String value = out == null ? text.substring(start, at) : out.append(text, start, at).toString();
                at++;
                return value;
            }
            if (c < 0x20) {
                throw error("a control character in a string must be escaped");
            }
            if (c != '\\') {
                at++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(text, start, at);
            at++;
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(hex4());
                default -> {
                    at--;
                    throw error("unknown escape '\\" + escaped + "'");
                }
            }
            start = at;
        }
    }

    private char hex4() throws SyntaxError {
        if (at + 4 > text.length()) {
            throw error("a \\u escape needs four hex digits");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at), 16);
            if (digit < 0) {
                throw error("a \\u escape needs four hex digits");
            }
            code = code * 16 + digit;
            at++;
        }
        return (char) code;
    }

    private Object number() throws SyntaxError {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (!digits()) {
            throw error("a number needs digits");
        }
        boolean whole = true;
        if (peek() == '.') {
            at++;
            whole = false;
            if (!digits()) {
                throw error("a fraction needs digits");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            whole = false;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!digits()) {
                throw error("an exponent needs digits");
            }
        }
        String literal = text.substring(start, at);
        if (!whole) {
            return Double.parseDouble(literal);
        }
        BigInteger big = new BigInteger(literal);
        return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at > start;
    }

    private Object literal(String word, Object value) throws SyntaxError {
        if (!text.startsWith(word, at)) {
            throw error("unexpected '" + text.charAt(at) + "'");
        }
        at += word.length();
        return value;
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private char peek() throws SyntaxError {
        if (at >= text.length()) {
            throw error("unexpected end of the text");
        }
        return text.charAt(at);
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private SyntaxError error(String message) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(at, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SyntaxError(message, line, end - lineStart + 1);
    }

    /** indent < 0: compact. */
    private static void write(StringBuilder out, Object value, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            JsonText.appendQuoted(out, s);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof BigInteger || value instanceof Short || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(value + " is no JSON number");
            }
            out.append(number instanceof Double || number instanceof Float ? Double.toString(d) : value.toString());
        } else if (value instanceof Map<?, ?> map) {
            writeObject(out, map, indent);
        } else if (value instanceof List<?> list) {
            writeArray(out, list, indent);
        } else {
            throw new IllegalArgumentException("a " + value.getClass().getName() + " is no JSON value");
        }
    }

    private static void writeObject(StringBuilder out, Map<?, ?> map, int indent) {
        if (map.isEmpty()) {
            out.append(indent < 0 ? "{}" : "{ }");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> field : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (indent >= 0) {
                newLine(out, indent + 1);
            }
            JsonText.appendQuoted(out, String.valueOf(field.getKey()));
            out.append(indent < 0 ? ":" : " : ");
            write(out, field.getValue(), indent < 0 ? -1 : indent + 1);
        }
        if (indent >= 0) {
            newLine(out, indent);
        }
        out.append('}');
    }

    private static void writeArray(StringBuilder out, List<?> list, int indent) {
        if (list.isEmpty()) {
            out.append(indent < 0 ? "[]" : "[ ]");
            return;
        }
        out.append(indent < 0 ? "[" : "[ ");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(indent < 0 ? "," : ", ");
            }
            write(out, list.get(i), indent);
        }
        out.append(indent < 0 ? "]" : " ]");
    }

    private static void newLine(StringBuilder out, int level) {
        out.append('\n');
        out.append("  ".repeat(level));
    }

    /** An object as an unmodifiable deep copy, for the fields handed to other bundles. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> frozenObject(Map<?, ?> object) {
        return (Map<String, Object>) frozen(object);
    }

    /** An unmodifiable deep copy, for values handed to other bundles. */
    public static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), frozen(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(frozen(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
