package io.bosun.spi.engine;

import java.util.List;

/**
 * An image on the engine.
 *
 * @param id the engine image id ({@code sha256:…})
 * @param tags repository tags
 * @param digests repository digests
 */
public record ImageView(String id, List<String> tags, List<String> digests) {
    public ImageView {
        tags = List.copyOf(tags);
        digests = List.copyOf(digests);
    }
}
