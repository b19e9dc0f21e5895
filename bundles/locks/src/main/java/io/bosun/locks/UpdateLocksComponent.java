package io.bosun.locks;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.locks.UserLock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link UpdateLocks} service: balena-compatible update locks under the configured lock root
 * ({@code SupervisorSettings.locksDir()}), see {@link LockTree}.
 *
 * <p>The configuration reference is optional, dynamic and greedy, so that updating the config bundle never
 * replaces this component or its service (the hot-update invariant); while it is missing every call throws an
 * {@link IllegalStateException}. The lock root is read on every call, so a new configuration applies at once.
 * The process permits live in the component, not in a tree, so that they keep excluding concurrent operations on
 * an app across configuration changes; they are lost when the component is deactivated, and with them nothing on
 * disk: files of held locks not closed by then are leftovers, found and cleared by the next run.
 */
@Component(service = UpdateLocks.class)
public final class UpdateLocksComponent implements UpdateLocks {
    private final ProcessLocks process = new ProcessLocks();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SupervisorConfig config;

    private LockTree tree() {
        SupervisorConfig current = config;
        if (current == null) {
            throw new IllegalStateException("no supervisor configuration");
        }
        return new LockTree(current.settings().locksDir(), process);
    }

    @Override
    public HeldLocks lock(long appId, Collection<String> services, boolean force, Duration maxWait)
            throws UpdatesLockedException {
        return tree().lock(appId, services, force, maxWait);
    }

    @Override
    public HeldLocks lockExisting(long appId, boolean force, Duration maxWait) throws UpdatesLockedException {
        return tree().lockExisting(appId, force, maxWait);
    }

    @Override
    public boolean hasLeftoverLocks(long appId) {
        return tree().hasLeftoverLocks(appId);
    }

    @Override
    public boolean releaseLeftovers(long appId) {
        return tree().releaseLeftovers(appId);
    }

    @Override
    public List<UserLock> userLocks(long appId) {
        return tree().userLocks(appId);
    }

    @Override
    public HeldLocks lockAll(boolean force, Duration maxWait) throws UpdatesLockedException {
        return tree().lockAll(force, maxWait);
    }

    @Override
    public Path serviceFolder(long appId, String serviceName) throws IOException {
        return tree().serviceFolder(appId, serviceName);
    }

    @Override
    public boolean takeHandoverSignal(long appId, String serviceName) throws IOException {
        return tree().takeHandoverSignal(appId, serviceName);
    }
}
