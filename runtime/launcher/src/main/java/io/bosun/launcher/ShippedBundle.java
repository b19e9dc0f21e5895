package io.bosun.launcher;

/** One bundle of the jar: where it sits in the jar, who it is, and the start level the bndrun gave it. */
record ShippedBundle(String entry, String symbolicName, String version, int startLevel) {

    /** The file name it is extracted under. */
    String fileName() {
        return entry.substring(entry.lastIndexOf('/') + 1);
    }
}
