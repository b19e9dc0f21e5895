package io.bosun.spi.target;

/** The {@code class} of an app in a v3 target. */
public enum AppClass {
    FLEET("fleet"), APP("app"), BLOCK("block");

    private final String wireName;

    AppClass(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in a target document. */
    public String wireName() {
        return wireName;
    }
}
