package io.bosun.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The framework's storage is kept between starts: a restart reads the installed bundles from it instead of
 * installing 24 MB of them again. It is only reused when it holds exactly what this jar ships, as this launcher
 * installed it: a new jar, an install that did not finish, or bundles installed or updated since (the updater's
 * committed builds, which it applies again at every start) make the launcher start it afresh.
 */
final class KeptStorage {
    static final String MARKER = "bosun.launch";

    private KeptStorage() {
    }

    /** The plan's digest and the time its bundles went in, as the marker of the last complete install says. */
    record Install(String digest, long installedAt) {
        static Install read(Path storage) throws IOException {
            try {
                String[] parts = Files.readString(storage.resolve(MARKER), StandardCharsets.UTF_8).trim().split(" ");
                return parts.length == 2 ? new Install(parts[0], Long.parseLong(parts[1])) : null;
            } catch (NoSuchFileException | NumberFormatException e) {
                return null;
            }
        }

        void write(Path storage) throws IOException {
            Path temp = storage.resolve(MARKER + ".tmp");
            Files.writeString(temp, digest + " " + installedAt + "\n", StandardCharsets.UTF_8);
            Files.move(temp, storage.resolve(MARKER), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Whether the initialised framework holds the plan's bundles, at the given locations, untouched since. */
    static boolean holdsExactly(BundleContext context, Install install, LaunchPlan plan, Set<String> locations) {
        if (install == null || !install.digest().equals(plan.digest())) {
            return false;
        }
        Set<String> found = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() == 0) {
                continue;
            }
            if (bundle.getLastModified() > install.installedAt()) {
                return false;
            }
            found.add(bundle.getLocation());
        }
        return found.equals(locations);
    }
}
