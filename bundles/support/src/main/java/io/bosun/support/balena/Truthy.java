package io.bosun.support.balena;

/** balena's {@code checkTruthy}: {@code 1}, {@code true} or {@code on}, in any case, is on; anything else is off. */
public final class Truthy {
    private Truthy() {
    }

    public static boolean of(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("on"));
    }
}
