package io.bosun.spi.cloud;

import io.bosun.spi.engine.RegistryAuth;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The credentials a managed device pulls its cloud target's images with, as balena devices do: user
 * {@code d_<uuid>}, the device key as password, for the image's registry.
 */
@ProviderType
public interface PullCredentials {

    /**
     * The credentials for pulling an image now: present while the device is provisioned and runs the cloud's
     * target, empty otherwise (a local-mode target's images are pulled as they are).
     */
    Optional<RegistryAuth> forImage(String image);
}
