package io.bosun.spi.intake;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A whiteboard service: told of every new {@link TargetSelection} (a new target of the running source, a switch
 * of local mode), so that a bundle that acts on the target (the updater's carriers) need not poll
 * {@link TargetIntake#selection()}. Called on the reconciler's thread: return at once, and do any work elsewhere.
 *
 * @since 1.1
 */
@ConsumerType
public interface SelectionListener {

    void selected(TargetSelection selection);
}
