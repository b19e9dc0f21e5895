package io.bosun.reconciler;

import io.bosun.reconciler.plan.ServiceTarget;
import io.bosun.reconciler.plan.Step;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.RegistryAuth;
import io.bosun.spi.engine.ServiceDefinition;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.locks.HeldLocks;
import io.bosun.spi.locks.UpdatesLockedException;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Carries out one step against the engine, the store and the update locks, logging balena's system messages.
 * A step either completes or throws; the run then fails whole and is retried after a back-off.
 */
final class StepExecutor {
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    private static final Duration HANDOVER_POLL = Duration.ofMillis(100);
    private static final String OLD_PREFIX = "old_";

    private final Parts parts;
    private final LiveState live;
    private final SystemLog log;
    private final Cancel cancel;
    /** Which apps' locks this run takes over (the request's force, or the device-wide override). */
    private final LongPredicate forced;
    private final PendingKills pendingKills;

    StepExecutor(Parts parts, LiveState live, SystemLog log, Cancel cancel, PendingKills pendingKills,
            LongPredicate forced) {
        this.parts = parts;
        this.live = live;
        this.log = log;
        this.cancel = cancel;
        this.pendingKills = pendingKills;
        this.forced = forced;
    }

    void execute(Step step) throws Exception {
        if (step instanceof Step.Fetch s) {
            fetch(s.image());
        } else if (step instanceof Step.Start s) {
            start(s.target());
        } else if (step instanceof Step.Stop s) {
            stop(s.current());
        } else if (step instanceof Step.Kill s) {
            kill(s.current());
        } else if (step instanceof Step.Remove s) {
            removeDead(s.current());
        } else if (step instanceof Step.UpdateMetadata s) {
            rename(s.current(), s.target());
        } else if (step instanceof Step.Handover s) {
            handover(s.current(), s.target(), s.timeout());
        } else if (step instanceof Step.UpdateCommit s) {
            parts.releases().putCurrentCommit(s.appId(), s.commit());
        } else if (step instanceof Step.CreateNetwork s) {
            resource("Creating network", "Error creating network", s.name(),
                    () -> parts.engine().createNetwork(s.appId(), s.appUuid(), s.name(), s.config()));
        } else if (step instanceof Step.RemoveNetwork s) {
            resource("Removing network", "Error removing network", s.name(),
                    () -> parts.engine().removeNetwork(s.appUuid(), s.name()));
        } else if (step instanceof Step.CreateVolume s) {
            resource("Creating volume", "Error creating volume", s.name(),
                    () -> parts.engine().createVolume(s.appId(), s.appUuid(), s.name(), s.config()));
        } else if (step instanceof Step.RemoveVolume s) {
            removeVolume(s);
        } else if (step instanceof Step.TakeLock s) {
            takeLock(s);
        } else if (step instanceof Step.ReleaseLock s) {
            releaseLock(s.appId());
        } else if (step instanceof Step.RemoveImage s) {
            removeImage(s.image());
        } else if (step instanceof Step.SaveImage s) {
            parts.releases().putImage(s.image());
        } else if (step instanceof Step.Cleanup s) {
            cleanup(s.imageIds());
        } else if (step instanceof Step.RequireReboot s) {
            requireReboot(s.serviceName());
        }
        // Noop: nothing to do; the run plans again.
    }

    /** The reboot breadcrumb, where balena keeps it: beside the lock folders, on the host's tmpfs. */
    static Path rebootBreadcrumb(Path locksDir) {
        return locksDir.resolve("reboot-after-apply");
    }

    /** Whether a reboot was asked for since this boot (a breadcrumb older than the boot is stale). */
    static boolean rebootAsked(Path locksDir) {
        try {
            return Files.getLastModifiedTime(rebootBreadcrumb(locksDir)).toInstant().isAfter(HostOs.BOOT);
        } catch (IOException e) {
            return false;
        }
    }

    // --- images

    private void fetch(ImageRecord image) throws EngineException, StoreException {
        Optional<ImageView> present = parts.engine().image(image.name());
        if (present.isEmpty()) {
            Duration wait = live.pullWait(image.name());
            if (!wait.isZero()) {
                throw new EngineException(Kind.OTHER, "Backing off the download of " + image.name() + " for "
                        + Backoff.pretty(wait) + " after it failed");
            }
            present = Optional.of(pull(image.name()));
        }
        parts.releases().putImage(new ImageRecord(image.name(), image.appId(), image.appUuid(), image.serviceId(),
                image.serviceName(), image.imageId(), image.releaseId(), image.commit(),
                Optional.of(present.get().id())));
    }

    private ImageView pull(String name) throws EngineException {
        log.event("Downloading image", name);
        live.downloadStarted(name, Instant.now());
        try {
            ImageView pulled = parts.engine().pull(name, credentials(name), (image, percent) -> {
                cancel.check();
                live.downloads.put(name, percent);
            });
            live.pullSucceeded(name);
            log.event("Downloaded image", name);
            return pulled;
        } catch (EngineException | RuntimeException e) {
            if (!cancel.cancelled()) {
                live.pullFailed(name);
                log.failure("Failed to download image", name, e);
            }
            throw e;
        } finally {
            live.downloadEnded(name, Instant.now());
        }
    }

    /** A managed device pulls its cloud target's images as {@code d_<uuid>} (the cloud bundle decides when). */
    private Optional<RegistryAuth> credentials(String image) {
        return parts.credentials().flatMap(c -> c.forImage(image));
    }

    /**
     * An image the engine refuses to delete (a container outside Bosun uses it: 409) is set aside for an hour, as
     * balena ignores images whose clean-up failed: one such image must not hold back every app's update.
     */
    private void removeImage(ImageRecord image) throws EngineException, StoreException {
        log.event("Deleting image", image.name());
        try {
            parts.engine().removeImage(image.name());
        } catch (EngineException e) {
            if (e.kind() == Kind.ENGINE_DOWN) {
                throw e;
            }
            live.ignoreImage(image.name());
            log.failure("Failed to delete image", image.name(), e);
            log.error("Image '" + image.name() + "' is kept: will not try to delete it again for 1 hour");
            return;
        }
        // Only now: a record dropped before a failed removal would leave the image on disk, nobody's.
        parts.releases().removeImages(image.name());
        log.event("Deleted image", image.name());
    }

    private void cleanup(List<String> imageIds) {
        for (String id : imageIds) {
            try {
                parts.engine().removeImage(id);
            } catch (EngineException e) {
                live.ignoreImage(id);
                log.error("Error cleaning up " + id + ": " + SystemLog.message(e) + " - will ignore for 1 hour");
            }
        }
    }

    // --- containers

    private static String subject(ServiceTarget t) {
        return t.name() + " " + t.image().name();
    }

    private static String subject(ContainerView c) {
        return c.identity().serviceName() + " " + c.image();
    }

    private void start(ServiceTarget target) throws Exception {
        ContainerView container = existing(target).orElse(null);
        if (container == null) {
            container = create(target);
        }
        boolean createdThisBoot = container.createdAt().isAfter(HostOs.BOOT);
        if (!target.running()) {
            return;
        }
        if (target.requiresReboot() && createdThisBoot) {
            log.info("Skipping start of service " + target.name() + " until reboot");
            return;
        }
        startContainer(container.id(), subject(target));
    }

    /**
     * The container of this release that a run cut short left behind, created but not started. It must be this
     * app's: another app's container may carry the same name (hand-written local targets can repeat ids), and
     * starting that one would leave this service without a container, planned again and again.
     */
    private Optional<ContainerView> existing(ServiceTarget target) {
        String name = target.identity().containerName();
        long appId = target.identity().appId();
        return parts.engine().currentState().containers().stream()
                .filter(c -> c.name().equals(name) && c.identity().appId() == appId).findFirst();
    }

    private ContainerView create(ServiceTarget target) throws EngineException {
        ServiceDefinition definition = target.definition().orElseThrow(() -> new EngineException(
                Kind.IMAGE_NOT_FOUND, "the image of " + target.name() + " is not on the device"));
        log.event("Installing service", subject(target));
        try {
            ContainerView created = parts.engine().create(definition);
            log.event("Installed service", subject(target));
            return created;
        } catch (EngineException e) {
            log.failure("Failed to install service", subject(target), e);
            throw e;
        }
    }

    private void startContainer(String id, String subject) throws EngineException {
        log.event("Starting service", subject);
        live.overlays.put(id, ServiceStatus.STARTING);
        try {
            parts.engine().start(id);
            log.event("Started service", subject);
        } catch (EngineException e) {
            log.failure("Failed to start service", subject, e);
            throw e;
        } finally {
            live.overlays.remove(id);
        }
    }

    private void stop(ContainerView c) throws EngineException {
        log.event("Stopping service", subject(c));
        live.overlays.put(c.id(), ServiceStatus.STOPPING);
        try {
            parts.engine().stop(c.id());
            log.event("Stopped service", subject(c));
        } catch (EngineException e) {
            log.failure("Failed to stop service", subject(c), e);
            throw e;
        } finally {
            live.overlays.remove(c.id());
        }
    }

    private void kill(ContainerView c) throws EngineException, StoreException {
        log.event("Killing service", subject(c));
        live.overlays.put(c.id(), ServiceStatus.STOPPING);
        pendingKills.add(c.id());
        try {
            parts.engine().remove(c.id());
            pendingKills.remove(c.id());
            log.event("Killed service", subject(c));
        } catch (EngineException e) {
            log.failure("Failed to kill service", subject(c), e);
            throw e;
        } finally {
            live.overlays.remove(c.id());
        }
    }

    private void removeDead(ContainerView c) throws EngineException, StoreException {
        log.event("Removing dead container", subject(c));
        try {
            parts.engine().remove(c.id());
            pendingKills.remove(c.id());
        } catch (EngineException e) {
            log.failure("Error removing dead container", subject(c), e);
            throw e;
        }
    }

    private void rename(ContainerView c, ServiceTarget target) throws EngineException {
        try {
            parts.engine().rename(c.id(), target.identity().containerName());
        } catch (EngineException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
            // Gone meanwhile: the next plan starts the service anew.
        }
    }

    /**
     * The old container steps aside under another name and stops restarting; the new one starts beside it and
     * says when it has taken over by creating {@code handover-complete} in its lock folder; then, or at the
     * timeout, the old one is killed.
     */
    private void handover(ContainerView old, ServiceTarget target, Duration timeout) throws Exception {
        live.overlays.put(old.id(), ServiceStatus.HANDING_OVER);
        try {
            if (!old.name().startsWith(OLD_PREFIX)) {
                parts.engine().rename(old.id(), OLD_PREFIX + old.name());
            }
            parts.engine().stopRestarting(old.id());
            ContainerView fresh = existing(target).orElse(null);
            if (fresh == null) {
                fresh = create(target);
            }
            live.overlays.put(fresh.id(), ServiceStatus.AWAITING_HANDOVER);
            try {
                startContainer(fresh.id(), subject(target));
                live.overlays.put(fresh.id(), ServiceStatus.AWAITING_HANDOVER);
                waitForHandover(target, timeout);
            } finally {
                live.overlays.remove(fresh.id());
            }
            kill(old);
        } finally {
            live.overlays.remove(old.id());
        }
    }

    private void waitForHandover(ServiceTarget target, Duration timeout) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            cancel.check();
            if (parts.locks().takeHandoverSignal(target.identity().appId(), target.name())) {
                log.info("Service " + target.name() + " has taken over (handover-complete)");
                return;
            }
            Thread.sleep(HANDOVER_POLL.toMillis());
        }
        log.info("Hand-over of service " + target.name() + " timed out after " + Backoff.pretty(timeout)
                + "; killing the old container");
    }

    // --- volumes, networks, locks

    @FunctionalInterface
    private interface EngineCall {
        void run() throws EngineException;
    }

    private void resource(String doing, String failed, String name, EngineCall call) throws EngineException {
        log.event(doing, name);
        try {
            call.run();
        } catch (EngineException e) {
            log.failure(failed, name, e);
            throw e;
        }
    }

    private void removeVolume(Step.RemoveVolume s) throws EngineException {
        resource("Removing volume", "Error removing volume", s.current().name(),
                () -> parts.engine().removeVolume(s.current().engineName()));
    }

    private void takeLock(Step.TakeLock s) throws UpdatesLockedException {
        if (live.locks.containsKey(s.appId())) {
            return;
        }
        log.info("Taking update locks");
        HeldLocks held;
        try {
            held = parts.locks().lock(s.appId(), s.services(), forced.test(s.appId()), LOCK_WAIT);
        } catch (UpdatesLockedException e) {
            live.lockRefusals.put(s.appId(), e.getMessage());
            throw e;
        }
        live.lockRefusals.remove(s.appId());
        live.locks.put(s.appId(), held);
    }

    private void releaseLock(long appId) {
        HeldLocks held = live.locks.remove(appId);
        if (held != null) {
            log.info("Releasing update locks");
            held.close();
        }
        parts.locks().releaseLeftovers(appId);
    }

    private void requireReboot(String serviceName) throws IOException {
        Path crumb = rebootBreadcrumb(parts.config().settings().locksDir());
        Files.createDirectories(crumb.getParent());
        Files.write(crumb, new byte[0]);
        log.info("Service " + serviceName + " requires a reboot before it starts");
    }
}
