package io.bosun.spi.engine;

import java.util.List;

/**
 * What the engine runs for the supervisor at one moment: supervised containers, volumes and networks, and every
 * image. Immutable; a new one is made on each change.
 *
 * @param synced whether the view is in step with the engine; false while the engine is unreachable, when the
 *        lists hold what was last known
 */
public record CurrentState(List<ContainerView> containers, List<ImageView> images, List<VolumeView> volumes,
        List<NetworkView> networks, boolean synced) {

    public CurrentState {
        containers = List.copyOf(containers);
        images = List.copyOf(images);
        volumes = List.copyOf(volumes);
        networks = List.copyOf(networks);
    }

    /** Nothing known yet. */
    public static final CurrentState EMPTY = new CurrentState(List.of(), List.of(), List.of(), List.of(), false);
}
