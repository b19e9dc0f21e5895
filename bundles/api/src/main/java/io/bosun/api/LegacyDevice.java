package io.bosun.api;

import io.bosun.support.host.HostFacts;

import io.bosun.spi.cloud.CloudStatus;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.reconcile.ApplyStatus;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The body of {@code GET /v1/device}: balena's legacy device state, for one (the first) app. */
final class LegacyDevice {
    private LegacyDevice() {
    }

    /** What the device reports of itself, read by the route. */
    record Facts(int apiPort, HostFacts.Addresses addresses, Optional<String> osVersion, String supervisorVersion) {
    }

    /**
     * balena's fields in balena's order. {@code commit} is the first app's, and only while nothing is being
     * applied; {@code status} and {@code download_progress} are the first service's, where a running one is
     * {@code Idle}. "First" is balena's: the lowest app id, then the lowest image id (the order JavaScript gives
     * integer keys).
     *
     * @param containers the containers the caller may see
     * @param commits the commit each app settled on, of the apps the caller may see
     */
    static Map<String, Object> body(Facts facts, ApplyStatus status, List<ContainerView> containers,
            Map<Long, String> commits, Map<String, Integer> downloads) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("api_port", facts.apiPort());
        body.put("ip_address", String.join(" ", facts.addresses().ips()));
        body.put("os_version", facts.osVersion().orElse(null));
        List<String> macs = facts.addresses().macs();
        body.put("mac_address", macs.isEmpty() ? null : String.join(" ", macs));
        body.put("supervisor_version", facts.supervisorVersion());
        body.put("update_pending", status.applying());
        body.put("update_failed", status.failedAttempts() > 0);
        body.put("update_downloaded", false);
        Optional<ContainerView> first = containers.stream().min(Comparator
                .comparingLong((ContainerView c) -> c.identity().appId())
                .thenComparingLong(c -> c.identity().imageId()));
        Optional<Long> firstApp = first.map(c -> c.identity().appId())
                .or(() -> commits.keySet().stream().min(Long::compare));
        if (!status.applying()) {
            firstApp.map(commits::get).ifPresent(c -> body.put("commit", c));
        }
        Integer progress = downloads.isEmpty() ? null
                : (int) downloads.values().stream().mapToInt(Integer::intValue).average().orElse(0);
        if (first.isPresent()) {
            ServiceStatus s = first.get().status();
            body.put("status", s == ServiceStatus.RUNNING ? "Idle" : s.wireName());
            body.put("download_progress", progress);
        } else if (progress != null) {
            body.put("status", AppStates.DOWNLOADING);
            body.put("download_progress", progress);
        }
        return body;
    }

    /**
     * Bosun's addition to balena's fields: where the cloud connection stands, so an operator on the device sees an
     * outage here (balena would instead turn unhealthy and be restarted, which cures nothing).
     */
    static void addCloud(Map<String, Object> body, CloudStatus cloud) {
        body.put("cloud_provisioned", cloud.provisioned());
        body.put("cloud_reachable", cloud.reachable());
        body.put("cloud_last_poll", cloud.lastPoll().map(Object::toString).orElse(null));
        body.put("cloud_last_report", cloud.lastReport().map(Object::toString).orElse(null));
        body.put("cloud_error", cloud.lastError().isEmpty() ? null : cloud.lastError());
    }
}
