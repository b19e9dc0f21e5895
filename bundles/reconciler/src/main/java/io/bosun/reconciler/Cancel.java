package io.bosun.reconciler;

import java.util.concurrent.CancellationException;

/**
 * The cancellation of one apply run: set by a new target, an exclusive action or the component going away.
 * Long steps (pulls, hand-over waits) check it and give up; short engine calls are let finish.
 */
final class Cancel {
    private volatile String reason;

    void cancel(String why) {
        reason = why;
    }

    boolean cancelled() {
        return reason != null;
    }

    /** Throws when cancelled, to leave a long wait. */
    void check() {
        String why = reason;
        if (why != null) {
            throw new CancellationException(why);
        }
    }
}
