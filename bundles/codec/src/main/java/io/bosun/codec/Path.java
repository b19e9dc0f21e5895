package io.bosun.codec;

/** A dot-separated JSON path, as violations report it. The empty path is the document (or device entry) itself. */
record Path(String value) {
    static final Path ROOT = new Path("");

    Path child(String key) {
        return new Path(value.isEmpty() ? key : value + "." + key);
    }

    @Override
    public String toString() {
        return value;
    }
}
