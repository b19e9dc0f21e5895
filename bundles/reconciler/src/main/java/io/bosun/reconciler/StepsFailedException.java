package io.bosun.reconciler;

import io.bosun.reconciler.plan.Step;
import java.util.List;
import java.util.stream.Collectors;

/** Steps of a cycle failed: balena's message, naming the failure and the cycle's actions. */
final class StepsFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    StepsFailedException(Throwable first, List<Step> steps) {
        super("Failed to apply state transition steps. " + SystemLog.message(first) + " Steps:"
                + steps.stream().map(s -> "\"" + s.action() + "\"").collect(Collectors.joining(",", "[", "]")),
                first);
    }
}
