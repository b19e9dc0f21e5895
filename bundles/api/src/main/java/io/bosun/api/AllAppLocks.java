package io.bosun.api;

import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The update locks of every app, for device-wide actions (reboot, shutdown, host-config; spec §4.3): balena's
 * {@code withLock(all app ids)}, which locks the services that have a lock folder and skips apps without one.
 * The apps are those with a folder under {@code <locksDir>/services/}, which is the same set: an app without a
 * folder has nothing to lock.
 */
final class AllAppLocks implements AutoCloseable {
    /** balena's {@code maxWaitMs} for another supervisor operation on the same app. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final List<HeldLocks> held;

    /** The locks service, or the route's own answer (in its shape) while it is missing. */
    @FunctionalInterface
    interface Service {
        UpdateLocks get() throws ApiException;
    }

    private AllAppLocks(List<HeldLocks> held) {
        this.held = held;
    }

    /**
     * Takes the locks of every app in app id order (the order balena sorts them in, so two device-wide actions
     * never wait on each other crosswise); on a failure, those already taken are released.
     *
     * @param locksDir the lock root
     * @param locks the locks service, asked for only when there is an app to lock
     * @param force whether to take over locks that apps hold
     * @throws ApiException when there is an app to lock but no locks service (the route's own 503)
     */
    static AllAppLocks take(Path locksDir, Service locks, boolean force)
            throws IOException, UpdatesLockedException, ApiException {
        List<Long> appIds = appIds(locksDir.resolve("services"));
        List<HeldLocks> held = new ArrayList<>();
        if (appIds.isEmpty()) {
            return new AllAppLocks(held);
        }
        UpdateLocks service = locks.get();
        try {
            for (long appId : appIds) {
                held.add(service.lockExisting(appId, force, MAX_WAIT));
            }
        } catch (UpdatesLockedException | RuntimeException e) {
            new AllAppLocks(held).close();
            throw e;
        }
        return new AllAppLocks(held);
    }

    /** The numeric folder names, sorted; none when the folder does not exist yet. */
    static List<Long> appIds(Path services) throws IOException {
        try (Stream<Path> entries = Files.list(services)) {
            return entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> Call.appId(p.getFileName().toString()))
                    .flatMap(Optional::stream).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** Releases in the reverse order of taking. */
    @Override
    public void close() {
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).close();
        }
    }
}
