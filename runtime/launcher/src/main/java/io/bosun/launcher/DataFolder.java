package io.bosun.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the framework keeps its storage and the extracted bundles: under the supervisor's data folder, found the
 * way the config bundle finds it ({@code BOSUN_DATA_DIR}, else /var/lib/bosun as root, else ./data), unless
 * {@code -Dorg.osgi.framework.storage} says otherwise.
 */
record DataFolder(Path storage, Path extracted, String setBy) {
    static final String STORAGE_PROPERTY = "org.osgi.framework.storage";
    /** The config bundle's exit code for a bad setting (EX_CONFIG), which a data folder that cannot be made is. */
    static final int BAD_SETTING = 78;

    /** The one line, as the config bundle words it, for a folder that cannot be made; the folder it names. */
    String cannotCreate(IOException e) {
        Path named = setBy.equals(STORAGE_PROPERTY) ? storage : storage.getParent();
        return "bosun: cannot start: " + setBy + ": cannot create " + named + " (" + e + ")";
    }

    static DataFolder of(String storageProperty, Map<String, String> env, boolean root, Path workingDir) {
        String dir = env.get("BOSUN_DATA_DIR");
        Path data = dir != null && !dir.isBlank() ? Path.of(dir)
                : root ? Path.of("/var/lib/bosun") : workingDir.resolve("data");
        boolean explicit = storageProperty != null && !storageProperty.isBlank();
        Path storage = (explicit ? Path.of(storageProperty) : data.resolve("framework")).toAbsolutePath().normalize();
        return new DataFolder(storage, storage.resolveSibling(storage.getFileName() + "-bundles"),
                explicit ? STORAGE_PROPERTY : "BOSUN_DATA_DIR");
    }
}
