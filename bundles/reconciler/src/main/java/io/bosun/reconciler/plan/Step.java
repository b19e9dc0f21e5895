package io.bosun.reconciler.plan;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.VolumeView;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.VolumeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One thing to do to move the device towards its target. The planner emits only steps that can run at the same
 * time; each names balena's action, which is what logs and errors show.
 */
public sealed interface Step {

    /** balena's name of the action ({@code fetch}, {@code kill}, ...). */
    String action();

    /** Pulls a target image and records it. */
    record Fetch(ImageRecord image) implements Step {
        public String action() {
            return "fetch";
        }
    }

    /** Creates the container of a service if it does not exist yet, then starts it unless it should not run. */
    record Start(ServiceTarget target) implements Step {
        public String action() {
            return "start";
        }
    }

    /** Stops a container and keeps it. */
    record Stop(ContainerView current) implements Step {
        public String action() {
            return "stop";
        }
    }

    /** Stops a container and removes it. */
    record Kill(ContainerView current) implements Step {
        public String action() {
            return "kill";
        }
    }

    /** Removes a dead container. */
    record Remove(ContainerView current) implements Step {
        public String action() {
            return "remove";
        }
    }

    /** Renames a container to its new release: the release changed, its configuration did not. */
    record UpdateMetadata(ContainerView current, ServiceTarget target) implements Step {
        public String action() {
            return "updateMetadata";
        }
    }

    /**
     * Starts the new container beside the old one, waits until the new one says it has taken over (or the
     * timeout), then kills the old one.
     */
    record Handover(ContainerView current, ServiceTarget target, Duration timeout) implements Step {
        public String action() {
            return "handover";
        }
    }

    /** Records the commit an app settled on. */
    record UpdateCommit(long appId, String commit) implements Step {
        public String action() {
            return "updateCommit";
        }
    }

    record CreateNetwork(long appId, String appUuid, String name, NetworkConfig config) implements Step {
        public String action() {
            return "createNetwork";
        }
    }

    /** Removes every engine network of that app and name. */
    record RemoveNetwork(long appId, String appUuid, String name) implements Step {
        public String action() {
            return "removeNetwork";
        }
    }

    record CreateVolume(long appId, String appUuid, String name, VolumeConfig config) implements Step {
        public String action() {
            return "createVolume";
        }
    }

    record RemoveVolume(VolumeView current) implements Step {
        public String action() {
            return "removeVolume";
        }
    }

    /**
     * Takes the update locks of an app's services (every current and target service). Whether app-held locks are
     * taken over is the run's to say (a request's force, the lock override), not the plan's.
     */
    record TakeLock(long appId, SortedSet<String> services) implements Step {
        public TakeLock {
            services = new TreeSet<>(services);
        }

        public TakeLock(long appId, Set<String> services) {
            this(appId, new TreeSet<>(services));
        }

        public String action() {
            return "takeLock";
        }
    }

    /** Releases the app's locks (held or left over): the app has nothing left to do. */
    record ReleaseLock(long appId) implements Step {
        public String action() {
            return "releaseLock";
        }
    }

    /** Removes an image the device no longer needs, and forgets its record. */
    record RemoveImage(ImageRecord image) implements Step {
        public String action() {
            return "removeImage";
        }
    }

    /** Records a target image found on the engine without the target's metadata. */
    record SaveImage(ImageRecord image) implements Step {
        public String action() {
            return "saveImage";
        }
    }

    /** Removes dangling images nothing refers to. */
    record Cleanup(List<String> imageIds) implements Step {
        public Cleanup {
            imageIds = List.copyOf(imageIds);
        }

        public String action() {
            return "cleanup";
        }
    }

    /** Marks that a service waits for a reboot before it starts. */
    record RequireReboot(String serviceName) implements Step {
        public String action() {
            return "requireReboot";
        }
    }

    /** Nothing to do now, but something is under way: plan again. */
    record Noop() implements Step {
        public String action() {
            return "noop";
        }
    }

    Noop NOOP = new Noop();
}
