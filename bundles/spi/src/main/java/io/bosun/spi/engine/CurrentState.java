package io.bosun.spi.engine;

import java.util.List;

/**
 * The supervised objects on the engine.
 *
 * @param containers supervised containers
 * @param images images the engine holds
 * @param volumes supervised volumes
 * @param networks supervised networks
 */
public record CurrentState(List<ContainerView> containers, List<ImageView> images, List<VolumeView> volumes,
        List<NetworkView> networks) {
    public CurrentState {
        containers = List.copyOf(containers);
        images = List.copyOf(images);
        volumes = List.copyOf(volumes);
        networks = List.copyOf(networks);
    }

    public static final CurrentState EMPTY = new CurrentState(List.of(), List.of(), List.of(), List.of());
}
