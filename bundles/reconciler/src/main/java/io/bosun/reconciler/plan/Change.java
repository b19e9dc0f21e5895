package io.bosun.reconciler.plan;

import java.util.Optional;

/**
 * A volume or network that changes: only a current one is removed, only a target one is created, both means it
 * is removed and then created anew with the target's configuration.
 */
record Change<C, T>(String name, Optional<C> current, Optional<T> target) {
}
