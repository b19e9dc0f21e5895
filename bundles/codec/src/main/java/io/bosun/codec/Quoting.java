package io.bosun.codec;

/** Puts user-supplied text into a rule message readably: quoted, control characters escaped, long text cut. */
final class Quoting {
    private static final int MAX_SHOWN = 64;

    private Quoting() {
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 3).append('\'');
        int shown = Math.min(text.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (shown < text.length()) {
            out.append('\u2026');
        }
        return out.append('\'').toString();
    }
}
