package io.bosun.spi.config;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one writer of the device's {@code config.json} (provisioning writes {@code deviceId}, {@code registered_at}
 * and {@code deviceApiKey} and drops {@code apiKey}; the device API sets {@code hostname}). A change is written
 * whole and durably (the file holds the old or the new content after a power cut, never a mix), fields it does
 * not name are kept as they are, and the new identity is then published through {@link SupervisorConfig}.
 */
@ProviderType
public interface ConfigJsonWriter {

    /**
     * Sets and removes fields of {@code config.json}; the file is left untouched when nothing changes. An empty
     * change only reads the file: the identity as it is now, which {@link SupervisorConfig} shows shortly after a
     * change (it is republished through ConfigAdmin, asynchronously).
     *
     * @param set fields to set, with JSON values (String, Number, Boolean, List, Map)
     * @param remove fields to remove
     * @return the identity as it now is
     * @throws IOException when the file cannot be written (then it is as it was)
     * @throws IllegalArgumentException when a change would break the identity (a uuid that changes once
     *         registered, a value that is no JSON value), naming the field
     */
    DeviceIdentity update(Map<String, Object> set, Set<String> remove) throws IOException;
}
