package io.bosun.reconciler;

import io.bosun.reconciler.plan.Step;
import java.util.Optional;

/** Which app a step acts on, for the per-app report. */
final class Steps {
    private Steps() {
    }

    static Optional<Long> appId(Step step) {
        if (step instanceof Step.Fetch s) {
            return Optional.of(s.image().appId());
        } else if (step instanceof Step.Start s) {
            return Optional.of(s.target().identity().appId());
        } else if (step instanceof Step.Stop s) {
            return Optional.of(s.current().identity().appId());
        } else if (step instanceof Step.Kill s) {
            return Optional.of(s.current().identity().appId());
        } else if (step instanceof Step.Remove s) {
            return Optional.of(s.current().identity().appId());
        } else if (step instanceof Step.UpdateMetadata s) {
            return Optional.of(s.current().identity().appId());
        } else if (step instanceof Step.Handover s) {
            return Optional.of(s.current().identity().appId());
        } else if (step instanceof Step.UpdateCommit s) {
            return Optional.of(s.appId());
        } else if (step instanceof Step.CreateNetwork s) {
            return Optional.of(s.appId());
        } else if (step instanceof Step.RemoveNetwork s) {
            return Optional.of(s.appId());
        } else if (step instanceof Step.CreateVolume s) {
            return Optional.of(s.appId());
        } else if (step instanceof Step.RemoveVolume s) {
            return Optional.of(s.current().appId());
        } else if (step instanceof Step.TakeLock s) {
            return Optional.of(s.appId());
        } else if (step instanceof Step.ReleaseLock s) {
            return Optional.of(s.appId());
        } else if (step instanceof Step.RemoveImage s) {
            return Optional.of(s.image().appId());
        } else if (step instanceof Step.SaveImage s) {
            return Optional.of(s.image().appId());
        }
        return Optional.empty();
    }
}
