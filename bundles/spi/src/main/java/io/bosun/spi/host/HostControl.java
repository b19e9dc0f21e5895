package io.bosun.spi.host;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reboots or powers off the host. Callers take every app's update locks first (unless forced); this service only
 * carries out the action.
 *
 * <p>Both calls return at once and the action runs shortly after, so that the HTTP answer to the API call that
 * asked for it has gone out before the host goes down: balena delays the logind call by 1 s.
 */
@ProviderType
public interface HostControl {

    /**
     * Schedules a reboot of the host.
     *
     * @throws IOException when the reboot cannot even be scheduled (e.g. the configured command is not found);
     *         a failure of the action itself, after the call has returned, is only logged
     */
    void reboot() throws IOException;

    /**
     * Schedules a power-off of the host.
     *
     * @throws IOException as {@link #reboot()}
     */
    void shutdown() throws IOException;
}
