package io.bosun.spi.source;

import io.bosun.spi.target.TargetState;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of targets (the cloud poller, the local API, a preload file). Sources are registered as services;
 * whoever applies targets listens to them.
 */
@ConsumerType
public interface TargetStateSource {

    /** The source's name as stored with its targets: {@code local}, or the cloud endpoint. */
    String name();

    /** The latest target this source has, if any. */
    Optional<TargetState> latest();
}
