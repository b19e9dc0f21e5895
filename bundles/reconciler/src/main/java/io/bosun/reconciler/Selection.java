package io.bosun.reconciler;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.target.TargetState;
import io.bosun.support.balena.DeviceFlags;
import java.util.Map;
import java.util.Optional;

/**
 * balena's local mode rule (spec §5.3), pure: a device is in local mode when it is unmanaged (no cloud endpoint),
 * or when the cloud's target sets {@code SUPERVISOR_LOCAL_MODE}. In local mode it runs the target posted on the
 * device ({@link TargetIntake#LOCAL}); otherwise the cloud's. A local target's own {@code SUPERVISOR_LOCAL_MODE}
 * counts for nothing: only the cloud decides.
 *
 * @param source the source the device runs
 * @param localMode whether it is in local mode
 * @param target that source's target, if it gave one
 */
record Selection(String source, boolean localMode, Optional<TargetState> target) {

    static Selection of(DeviceIdentity device, Map<String, TargetState> stored) {
        if (device.unmanaged()) {
            return new Selection(TargetIntake.LOCAL, true, Optional.ofNullable(stored.get(TargetIntake.LOCAL)));
        }
        String cloud = device.apiEndpoint().orElseThrow();
        Optional<TargetState> cloudTarget = Optional.ofNullable(stored.get(cloud));
        boolean local = cloudTarget.map(t -> DeviceFlags.localMode(t.config())).orElse(false);
        String source = local ? TargetIntake.LOCAL : cloud;
        return new Selection(source, local, Optional.ofNullable(stored.get(source)));
    }

    /** Whether a source may give targets now: the cloud always (it decides the mode), the local API in local mode. */
    static Optional<String> refusal(DeviceIdentity device, String source, Selection now) {
        if (source.equals(TargetIntake.LOCAL)) {
            return now.localMode() ? Optional.empty()
                    : Optional.of("Target state can only set when device is in local mode");
        }
        if (device.apiEndpoint().filter(source::equals).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("'" + source + "' is not a source of this device's targets: it takes '"
                + TargetIntake.LOCAL + "'" + device.apiEndpoint().map(e -> " and '" + e + "'").orElse(""));
    }
}
