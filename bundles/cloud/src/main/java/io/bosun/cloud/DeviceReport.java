package io.bosun.cloud;

import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetState;
import io.bosun.support.host.HostFacts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The device's current state in the shape of balena's {@code PATCH /device/v3/state} (spec §2.4), whole: the
 * reporter sends only its difference from the last report the cloud took.
 */
final class DeviceReport {
    /** What the report is made of, read once per report. */
    record Inputs(String uuid, int apiPort, Optional<String> apiSecret, String supervisorVersion,
            Optional<String> osVersion, Optional<String> osVariant, HostFacts.Addresses addresses, boolean localMode,
            Optional<TargetState> target, CurrentState engine, Map<String, Integer> downloads,
            Map<String, String> carriers, Map<Long, String> commits, Metrics metrics) {
    }

    private DeviceReport() {
    }

    static Map<String, Object> of(Inputs in) {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("api_port", in.apiPort());
        in.apiSecret().ifPresent(secret -> device.put("api_secret", secret));
        device.put("os_version", in.osVersion().orElse(null));
        device.put("os_variant", in.osVariant().orElse(null));
        device.put("mac_address", in.addresses().macs().isEmpty() ? null : String.join(" ", in.addresses().macs()));
        device.put("ip_address", String.join(" ", in.addresses().ips()));
        device.put("supervisor_version", in.supervisorVersion());
        device.put("provisioning_progress", null);
        device.put("provisioning_state", "");
        // balena reports Idle whatever the apply does: progress is in the apps' releases.
        device.put("status", "Idle");
        device.putAll(in.metrics().fields());
        if (!in.localMode()) {
            device.put("logs_channel", null);
            device.put("apps", apps(in));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put(in.uuid(), device);
        return report;
    }

    private static Map<String, Object> apps(Inputs in) {
        Map<String, Object> apps = new LinkedHashMap<>();
        if (in.target().isEmpty()) {
            return apps;
        }
        for (TargetApp app : in.target().get().apps().values()) {
            apps.put(app.uuid(), ReleaseReport.app(app, in.engine(), in.downloads(), in.carriers(),
                    Optional.ofNullable(in.commits().get(app.id()))));
        }
        return apps;
    }
}
