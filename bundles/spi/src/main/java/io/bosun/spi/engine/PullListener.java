package io.bosun.spi.engine;

import org.osgi.annotation.versioning.ConsumerType;

/** Hears how far an image pull has come. Called on the engine's thread: return quickly. */
@ConsumerType
@FunctionalInterface
public interface PullListener {

    /**
     * @param image the image being pulled, as asked for
     * @param percent the share of all its layers' bytes downloaded so far, 0 to 100, never going down
     */
    void progress(String image, int percent);
}
