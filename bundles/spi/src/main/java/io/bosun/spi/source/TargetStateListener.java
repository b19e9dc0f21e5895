package io.bosun.spi.source;

import io.bosun.spi.target.TargetState;
import org.osgi.annotation.versioning.ConsumerType;

/** Told of every new target a source accepts (whiteboard service). */
@ConsumerType
public interface TargetStateListener {

    /**
     * A source has a new target.
     *
     * @param target the validated target
     * @param source the source's name
     * @param force whether the sender asked to take over app-held locks
     */
    void targetChanged(TargetState target, String source, boolean force);
}
