package io.bosun.locks;

import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.locks.UserLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update locks under one lock root, laid out as balena's apps expect: {@code <root>/services/<appId>/<service>/}
 * holds {@code updates.lock} and {@code resin-updates.lock}, and that folder is what a service's container sees
 * at {@code /tmp/balena} and {@code /tmp/resin}. Scans never follow links ({@link LockScan}).
 */
final class LockTree {
    private static final Logger LOG = LoggerFactory.getLogger(LockTree.class);

    private final Path services;
    private final ProcessLocks process;

    /**
     * @param root the lock root ({@code locksDir})
     * @param process the permits and held files of this process, shared by every tree it uses
     */
    LockTree(Path root, ProcessLocks process) {
        this.services = root.toAbsolutePath().normalize().resolve("services");
        this.process = process;
    }

    /** A tree with permits of its own (tests). */
    LockTree(Path root) {
        this(root, new ProcessLocks());
    }

    private Path appFolder(long appId) {
        return services.resolve(Long.toString(appId));
    }

    HeldLocks lock(long appId, Collection<String> serviceNames, boolean force, Duration maxWait)
            throws UpdatesLockedException {
        Set<String> wanted = checked(serviceNames);
        // Logged before waiting, so that a stuck operation shows in the log.
        LOG.info("Taking update locks (app {}, services {}, force {})", appId, wanted, force);
        if (!process.acquire(appId, maxWait)) {
            throw new UpdatesLockedException(
                    "Locks for app " + appId + " are being held by another supervisor operation");
        }
        TakenLocks taken = new TakenLocks(appId, process);
        try {
            // Supervisor files found now are from a previous run (no open held locks can have them: we hold
            // the permit): they become this call's, released with the rest.
            entries(appId).stream().filter(LockEntry::supervisors).map(LockEntry::file).forEach(taken::add);
            for (String service : wanted) {
                lockService(appId, service, force, taken);
            }
            return taken;
        } catch (UpdatesLockedException | RuntimeException e) {
            // Never leave an app half locked by the supervisor and half by itself.
            taken.close();
            throw e;
        }
    }

    private void lockService(long appId, String service, boolean force, TakenLocks taken)
            throws UpdatesLockedException {
        Path folder = appFolder(appId).resolve(service);
        List<Path> missing = LockFiles.NAMES.stream().map(folder::resolve).filter(f -> !taken.owns(f)).toList();
        if (missing.isEmpty()) {
            return;
        }
        try {
            LockFiles.openFolder(folder);
            for (Path file : missing) {
                if (force) {
                    LockFiles.remove(file);
                }
                if (!LockFiles.create(file)) {
                    throw new UpdatesLockedException(
                            "Lockfile exists for { appId: " + appId + ", service: " + service + " }");
                }
                taken.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the update locks in " + folder, e);
        }
    }

    /** Locks every service that has a lock folder; none gives held locks of nothing, without a permit. */
    HeldLocks lockExisting(long appId, boolean force, Duration maxWait) throws UpdatesLockedException {
        List<String> existing = LockScan.serviceFolders(appFolder(appId));
        if (existing.isEmpty()) {
            return new NoLocks(appId);
        }
        return lock(appId, existing, force, maxWait);
    }

    boolean hasLeftoverLocks(long appId) {
        return entries(appId).stream().anyMatch(e -> e.supervisors() && !process.isHeld(e.file()));
    }

    /** Removes the app's supervisor files unless an operation holds its permit; app files stay. */
    boolean releaseLeftovers(long appId) {
        if (!process.tryAcquire(appId)) {
            return false;
        }
        try {
            entries(appId).stream()
                    .filter(e -> e.supervisors() && !process.isHeld(e.file()))
                    .forEach(e -> LockFiles.remove(e.file()));
            return true;
        } finally {
            process.release(appId);
        }
    }

    /**
     * Every app's locks, in app id order (so two device-wide actions never wait on each other crosswise); the apps
     * are those with a folder, the same set balena's {@code withLock(all app ids)} locks: an app without one has
     * nothing to lock. On a failure, those taken already are released.
     */
    HeldLocks lockAll(boolean force, Duration maxWait) throws UpdatesLockedException {
        List<HeldLocks> taken = new ArrayList<>();
        try {
            for (long appId : appIds()) {
                taken.add(lockExisting(appId, force, maxWait));
            }
        } catch (UpdatesLockedException | RuntimeException e) {
            release(taken);
            throw e;
        }
        return new HeldLocks() {
            @Override
            public long appId() {
                return 0;
            }

            @Override
            public void close() {
                release(taken);
            }
        };
    }

    private static void release(List<HeldLocks> taken) {
        for (int i = taken.size() - 1; i >= 0; i--) {
            taken.get(i).close();
        }
    }

    /** The numeric folder names under {@code services/}, sorted; real folders only, links not followed. */
    private List<Long> appIds() {
        return LockScan.serviceFolders(services).stream().filter(name -> name.matches("\\d{1,18}"))
                .map(Long::parseLong).sorted().toList();
    }

    /** A service's folder, made if needed and open to every uid (an app writes its lock there as any user). */
    Path serviceFolder(long appId, String serviceName) throws IOException {
        Path folder = appFolder(appId).resolve(checked(List.of(serviceName)).iterator().next());
        LockFiles.openFolder(folder);
        return folder;
    }

    /** Takes (removes) a hand-over's signal file, {@code handover-complete} or the legacy {@code resin-kill-me}. */
    boolean takeHandoverSignal(long appId, String serviceName) throws IOException {
        Path folder = appFolder(appId).resolve(checked(List.of(serviceName)).iterator().next());
        boolean taken = false;
        for (String signal : HANDOVER_SIGNALS) {
            taken |= Files.deleteIfExists(folder.resolve(signal));
        }
        return taken;
    }

    /** What the new container of a hand-over creates in its folder once it has taken over. */
    static final List<String> HANDOVER_SIGNALS = List.of("handover-complete", "resin-kill-me");

    List<UserLock> userLocks(long appId) {
        return entries(appId).stream()
                .filter(e -> !e.supervisors() && e.blocksItsService())
                .sorted(Comparator.comparing(LockEntry::service)
                        .thenComparing(e -> e.file().getFileName().toString()))
                .map(e -> new UserLock(appId, e.service(), e.file(), e.ownerUid(), e.modified()))
                .toList();
    }

    private List<LockEntry> entries(long appId) {
        return LockScan.entries(appFolder(appId));
    }

    /** The service names, each a single folder name (they become paths on the host). */
    private static Set<String> checked(Collection<String> serviceNames) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : serviceNames) {
            if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")
                    || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("not a service name: " + name);
            }
            names.add(name);
        }
        return names;
    }
}
