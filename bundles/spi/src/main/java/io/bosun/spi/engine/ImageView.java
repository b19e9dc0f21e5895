package io.bosun.spi.engine;

import java.util.List;
import java.util.Objects;

/**
 * An image on the device.
 *
 * @param id the engine's image id ({@code sha256:...})
 * @param tags its names, {@code repo:tag}
 * @param digests its registry digests, {@code repo@sha256:...}
 */
public record ImageView(String id, List<String> tags, List<String> digests) {

    public ImageView {
        Objects.requireNonNull(id, "id");
        tags = List.copyOf(tags);
        digests = List.copyOf(digests);
    }
}
